'use client';
import { useState } from 'react';
import { useReftrace } from 'reftrace/react';
import type { Product } from './catalogue';

/**
 * Buys at once and converts. A real shop converts where the order is confirmed (its thank-you
 * page, or its payment provider's webhook on the server); the example keeps checkout to one click.
 */
export function BuyButton({ product }: { product: Product }) {
  const { tracker } = useReftrace();
  const [order, setOrder] = useState<string>();
  const buy = async () => {
    const orderId = crypto.randomUUID();
    // Resolves once the conversion is durably queued; a bad amount rejects, and the sale still stands.
    await tracker.convert({ orderId, amount: product.price, currency: product.currency }).catch(console.warn);
    setOrder(orderId);
  };
  if (order) return <p role="status">Thank you: order {order}</p>;
  return (
    <button type="button" onClick={buy}>
      Buy
    </button>
  );
}

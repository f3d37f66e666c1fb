import { notFound } from 'next/navigation';
import { BuyButton } from '../../buy-button';
import { product } from '../../catalogue';

export default async function ProductPage({ params }: { params: Promise<{ id: string }> }) {
  const item = product((await params).id);
  if (!item) notFound();
  return (
    <article>
      <h1>{item.name}</h1>
      <p>
        {item.price} {item.currency}
      </p>
      <BuyButton product={item} />
    </article>
  );
}

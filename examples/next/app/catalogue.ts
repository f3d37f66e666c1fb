// The shop's products: a fixed list stands in for the merchant's database.
export interface Product {
  id: string;
  name: string;
  /** Major units as a decimal string, exactly as `convert()` takes it. */
  price: string;
  currency: string;
}

export const products: Product[] = [
  { id: 'trail-runner', name: 'Trail Runner 2', price: '89.90', currency: 'EUR' },
  { id: 'rain-shell', name: 'Rain Shell', price: '129.00', currency: 'EUR' },
];

export const product = (id: string) => products.find((p) => p.id == id);

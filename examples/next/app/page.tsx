import Link from 'next/link';
import { products } from './catalogue';

export default function Home() {
  return (
    <ul>
      {products.map((p) => (
        <li key={p.id}>
          <Link href={`/products/${p.id}`}>{p.name}</Link>
        </li>
      ))}
    </ul>
  );
}

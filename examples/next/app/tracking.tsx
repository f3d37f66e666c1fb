'use client';
import type { ReactNode } from 'react';
import { serverCookie } from 'reftrace/layers';
import { ReftraceProvider } from 'reftrace/react';

// A client component: the options hold functions (the layer), which a server component cannot pass down.
export function Tracking({ endpoint, children }: { endpoint: string; children: ReactNode }) {
  // The journey is also kept in a cookie set by app/api/journey/route.ts, which Safari does not cap at 7 days.
  return <ReftraceProvider options={{ endpoint, layers: [serverCookie('/api/journey')] }}>{children}</ReftraceProvider>;
}

import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { collectorUrl } from './collector';
import { ReferralBanner } from './referral-banner';
import { Tracking } from './tracking';

export const metadata = { title: 'Trail Shop' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Rendered per request: the collector's address is the deployment's, not baked in at build time.
  await connection();
  return (
    <html lang="en">
      <body>
        <Tracking endpoint={collectorUrl()}>
          <header>
            <a href="/">Trail Shop</a>
            <ReferralBanner />
          </header>
          <main>{children}</main>
        </Tracking>
      </body>
    </html>
  );
}

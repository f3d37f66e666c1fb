'use client';
import { useReftrace } from 'reftrace/react';

/** Who referred this visitor: known in the browser only, so it appears right after hydration. */
export function ReferralBanner() {
  const { ready, touchpoints } = useReftrace();
  const partner = touchpoints.findLast((t) => t.ref)?.ref;
  return <p role="status">{ready && partner ? `Referred by ${partner}` : ''}</p>;
}

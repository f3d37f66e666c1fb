/** `granted`: store and send. `pending`: keep in memory, store and send once granted. `denied`: store and send nothing, erase what was stored. */
export type Consent = 'granted' | 'pending' | 'denied';

export interface ConsentOptions {
  consent?: Consent;
  gpc?: 'deny' | 'ignore';
  dnt?: 'deny' | 'ignore';
}

/**
 * The state a page starts in: the merchant's, unless the browser sends an opt-out the merchant
 * honours. GPC is said in every mode: a tester with it on would otherwise see a silent tracker.
 */
export const startingConsent = ({ consent = 'granted', gpc, dnt }: ConsentOptions): Consent => {
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
  const gpcDenies = nav.globalPrivacyControl && gpc != 'ignore';
  if (gpcDenies) console.info('reftrace: GPC on, not tracking');
  return gpcDenies || (nav.doNotTrack == '1' && dnt == 'deny') ? 'denied' : consent;
};

/** `granted`: store and send. `pending`: keep in memory, store and send once granted. `denied`: store and send nothing, erase what was stored. */
export type Consent = 'granted' | 'pending' | 'denied';

export interface ConsentOptions {
  consent?: Consent;
  gpc?: 'deny' | 'ignore';
  dnt?: 'deny' | 'ignore';
}

/** The state a page starts in: the merchant's, unless the browser sends an opt-out the merchant honours. */
export const startingConsent = ({ consent = 'granted', gpc, dnt }: ConsentOptions): Consent => {
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
  return (nav.globalPrivacyControl && gpc != 'ignore') || (nav.doNotTrack == '1' && dnt == 'deny') ? 'denied' : consent;
};

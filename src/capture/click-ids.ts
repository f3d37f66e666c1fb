import type { Channel } from '../types';

/*
 * Click ids by the channel a click on them implies. Kept as space-separated strings because
 * the list ships in the script-tag build, where every byte counts. `fbclid` is deliberately
 * absent from paid social: Meta appends it to organic link clicks too, so it proves nothing
 * about payment (the referrer decides instead). Source of truth for the list of names:
 * shared/data/tracking-params.json (a unit test keeps them in step).
 */
const GROUPS: [Channel, string][] = [
  ['paid_search', 'gclid gbraid wbraid gclsrc msclkid yclid'],
  ['display', 'dclid'],
  ['paid_social', 'ttclid twclid li_fat_id ScCid epik rdt_cid qclid'],
  ['affiliate', 'irclickid awc cjevent clickref sscid ranSiteID ranEAID ranMID _ef_transaction_id ps_xid dub_id'],
  ['other', 'fbclid'],
];

/** Every click-id parameter name the SDK keeps. */
export const clickIdNames = (): string[] => GROUPS.flatMap(([, names]) => names.split(' '));

/** The channel a set of click ids implies, if any does (first group wins: search over social). */
export const clickIdChannel = (ids: Record<string, string>): Channel | undefined => {
  for (const [channel, names] of GROUPS)
    if (channel != 'other' && names.split(' ').some((n) => n in ids)) return channel;
};

import type { Channel } from '../types';

/*
 * Click ids by the channel a click on them implies; readLanding takes the channel of the first
 * group with a valid id (search over social). Written as space-separated strings because the
 * list ships in the script-tag build, where every byte counts, and split once here. `fbclid`'s
 * group implies no channel: Meta appends it to organic link clicks too, so it proves nothing
 * about payment (the referrer decides instead). Source of truth for the list of names:
 * shared/data/tracking-params.json (a unit test keeps them in step), plus the generic `click_id`
 * that a network without a name of its own (TUNE's `{transaction_id}`) is told to fill.
 */
export const CLICK_ID_GROUPS: [Channel | undefined, string[]][] = (
  [
    ['paid_search', 'gclid gbraid wbraid gclsrc msclkid yclid'],
    ['display', 'dclid'],
    ['paid_social', 'ttclid twclid li_fat_id ScCid epik rdt_cid qclid'],
    ['affiliate', 'irclickid awc cjevent clickref sscid ranSiteID ranEAID ranMID _ef_transaction_id ps_xid dub_id click_id'],
    [, 'fbclid'],
  ] as [Channel | undefined, string][]
).map(([channel, names]) => [channel, names.split(' ')]);

/** Every click-id parameter name the SDK keeps. */
export const clickIdNames = (): string[] => CLICK_ID_GROUPS.flatMap(([, names]) => names);

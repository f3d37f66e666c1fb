import type { FraudRule } from './rule.js';

/**
 * The buyer is the partner: the conversion's user id, or a user id or hashed e-mail this browser
 * gave to `identify`, is one the rules file registers for the credited partner.
 */
export const selfReferral: FraudRule = {
  name: 'self_referral',
  defaults: { enabled: true, reason: 'the buyer is the credited partner (same user id or e-mail)' },
  async check({ event, award }, _, { partners }, history) {
    const own = award.ref != null && Object.hasOwn(partners, award.ref) ? partners[award.ref] : undefined;
    if (!own) return false;
    const known = await history.identities(event.anonymousId);
    const userIds = new Set([...known.userIds, ...(event.userId ? [event.userId] : [])]);
    return !!own.userIds?.some((id) => userIds.has(id)) || !!own.emailHashes?.some((h) => known.emailHashes.includes(h.toLowerCase()));
  },
};

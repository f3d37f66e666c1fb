import { createHmac } from 'node:crypto';

/**
 * Who sent a request, for the click-flood rule, without storing personal data: an HMAC of the
 * client's address and user agent under the collector's own key. Equal for one browser on one
 * address, unreadable without the key, and useless to anyone who takes the database alone.
 */
export const clientHash = (key: string, address: string | undefined, userAgent: string | undefined): string | undefined =>
  address && address != 'unknown' ? createHmac('sha256', key).update(address + '\n' + (userAgent ?? '')).digest('base64url').slice(0, 22) : undefined;

import type { Award, Channel, ConversionFacts, Touchpoint } from '../types';
import { eligible } from './window';

export interface AwardOptions {
  /** Which qualified partner click wins. Default `'last_click'`. */
  policy?: Award['policy'];
  /** Lookback window in days, inclusive at both ends. Default 30. */
  windowDays?: number;
  /** Touches carrying any of these flags do not qualify. Default `['brand_bid']`. */
  excludeFlags?: string[];
  /** Coupon code (matched case-insensitively, trimmed) to partner ref. */
  coupons?: Record<string, string>;
  /** When true a mapped coupon beats any click; when false it only decides if no click qualifies. */
  couponOverridesClick?: boolean;
  /** If the last eligible touch is in one of these channels, nobody is paid. */
  dedupeAgainst?: Channel[];
}

/** The single partner paid for a conversion (affiliate-network de-duplication). */
export const award = (
  touchpoints: readonly Touchpoint[],
  conversion: ConversionFacts,
  {
    policy = 'last_click',
    windowDays,
    excludeFlags = ['brand_bid'],
    coupons = {},
    couponOverridesClick,
    dedupeAgainst = [],
  }: AwardOptions = {},
): Award => {
  const result = (ref: string | null, reason: string, touchpointId: string | null = null): Award => ({
    policy,
    ref,
    touchpointId,
    reason,
  });
  const t = eligible(touchpoints, conversion.ts, windowDays);
  const last = t[t.length - 1];
  if (last && dedupeAgainst.includes(last.channel)) return result(null, 'deduplicated:' + last.channel);
  const partners = t.filter((x) => x.ref);
  const qualified = partners.filter((x) => !x.flags?.some((f) => excludeFlags.includes(f)));
  const click = qualified[policy == 'first_click' ? 0 : qualified.length - 1];
  const code = conversion.coupon?.trim().toLowerCase();
  // Scanning keys (not `coupons[code]`) makes the match case-insensitive on both sides.
  const key = Object.keys(coupons).find((k) => k.trim().toLowerCase() == code);
  if (key && (couponOverridesClick || !click)) return result(coupons[key], 'coupon');
  return click
    ? result(click.ref!, policy, click.id)
    : result(
        null,
        partners.length ? 'excluded_flag' : touchpoints.some((x) => x.ref) ? 'outside_window' : 'no_partner_touch',
      );
};

import type { Award, Channel, ConversionFacts, Signals, Touchpoint } from '../types';
import { eligible } from './window';

export interface AwardOptions {
  /** Which qualified partner click wins. Default `'last_click'`. */
  policy?: Award['policy'];
  /** Lookback window in days, inclusive at both ends. Default 30. */
  windowDays?: number;
  /**
   * Touches carrying any of these flags, or a true signal of that name (`automated`, `framed`,
   * `hidden`), do not qualify; a conversion whose own signals name one (`automated`,
   * `inactive`) earns nobody. Default `['brand_bid']`.
   */
  excludeFlags?: string[];
  /** Coupon code (matched case-insensitively) to partner ref. */
  coupons?: Record<string, string>;
  /** True: a mapped coupon beats any click. False (default): it decides only when no click qualifies. */
  couponOverridesClick?: boolean;
  /** If the last eligible touch is in one of these channels, nobody is paid. */
  dedupeAgainst?: Channel[];
}

/** The single partner paid for a conversion, de-duplicated the way affiliate networks do. */
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
  const result = (reason: string, ref: string | null = null, touchpointId: string | null = null): Award => ({
    policy,
    ref,
    touchpointId,
    reason,
  });
  // A boolean signal is present only when true, so naming one is enough.
  const flagged = (signals?: Signals) => excludeFlags.find((f) => signals?.[f as keyof Signals] === true);
  const refused = flagged(conversion.signals);
  if (refused) return result('excluded_signal:' + refused);
  const t = eligible(touchpoints, conversion.ts, windowDays);
  const last = t[t.length - 1];
  if (dedupeAgainst.includes(last?.channel!)) return result('deduplicated:' + last.channel);
  // Only touches with a ref are partner touches, so later organic/direct visits never displace them.
  const partners = t.filter((x) => x.ref);
  const qualified = partners.filter((x) => !x.flags?.some((f) => excludeFlags.includes(f)) && !flagged(x.signals));
  const click = qualified[policy == 'first_click' ? 0 : qualified.length - 1];
  const code = conversion.coupon?.toLowerCase();
  // Scanning keys (not `coupons[code]`) makes the match case-insensitive on both sides.
  const key = Object.keys(coupons).find((k) => k.toLowerCase() == code);
  return key && (couponOverridesClick || !click)
    ? result('coupon', coupons[key])
    : click
      ? result(policy, click.ref, click.id)
      : result(partners[0] ? 'excluded_flag' : touchpoints.some((x) => x.ref) ? 'outside_window' : 'no_partner_touch');
};

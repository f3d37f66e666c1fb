import type { Channel } from '../types';
import type { ReferrerKind } from './referrer';

/** Every channel group, as the schema lists them. */
export const CHANNELS = 'affiliate paid_search organic_search paid_social organic_social email display referral direct other'.split(' ');

const SOCIAL_SOURCE = /^(facebook|fb|instagram|ig|meta|twitter|x|linkedin|reddit|pinterest|tiktok|youtube|snapchat|threads)$/;

/**
 * Channel grouping in the spirit of GA4's default rules, with one deliberate difference: a
 * referral code always means `affiliate`, whatever the UTM tags say, because the partner's
 * link is what the program pays for.
 */
export const channelOf = (
  ref: string | undefined,
  medium: string | undefined,
  source: string | undefined,
  clickChannel: Channel | undefined,
  kind: ReferrerKind,
): Channel => {
  const m = (medium || '').toLowerCase();
  const social = kind == 'organic_social' || SOCIAL_SOURCE.test((source || '').toLowerCase());
  return ref || /^(affiliates?|partners?)$/.test(m)
    ? 'affiliate'
    : clickChannel ||
        (/^(cpc|ppc|cpa|cpv|paid.*|retargeting)$/.test(m)
          ? social ? 'paid_social' : 'paid_search'
          : /^(e-?mail|newsletter)$/.test(m)
            ? 'email'
            : /^(display|banner|cpm|interstitial)$/.test(m)
              ? 'display'
              : /^(social.*|sm|organic_social)$/.test(m)
                ? 'organic_social'
                : m == 'organic'
                  ? 'organic_search'
                  : m == 'referral'
                    ? 'referral'
                    : m || source
                      ? 'other'
                      : kind);
};

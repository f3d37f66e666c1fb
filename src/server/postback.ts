import type { ConversionEvent } from '../events/event';
import { exponent } from '../events/money';
import { SUB_IDS } from '../capture/sub-ids';

/** A network's documented postback (docs/links.md): the request method and the URL template. */
export interface PostbackPreset {
  method: 'GET' | 'POST';
  template: string;
  /** impact's Conversions API wants HTTP Basic auth with the Account SID and Auth Token. */
  auth?: 'basic';
}

const e = encodeURIComponent;

/** Minor units back to a decimal string in major units, with a dot: 4999 USD → `49.99`, 500 JPY → `500`. */
const major = (minor: number, currency?: string): string => {
  const exp = Math.max(exponent(currency || ''), 0);
  const digits = String(Math.abs(minor)).padStart(exp + 1, '0');
  return (minor < 0 ? '-' : '') + (exp ? digits.slice(0, -exp) + '.' + digits.slice(-exp) : digits);
};

/**
 * Fills a postback template from a conversion event, every value URL-encoded, a missing one
 * empty: `{ref}` (the awarded partner), `{click_id}` (the awarded touch's `click_id`, else its
 * first click id; `{click_id:awc}` names one), `{sub1}`…`{sub5}` (the awarded touch's sub-ids),
 * `{order_id}`, `{amount}` (major units with a dot), `{amount_minor}`, `{currency}`, `{coupon}`,
 * `{event_type}`, `{event_id}`, `{ts}` (ISO 8601), `{ts_ms}`, `{test}` (1 or 0). An unknown macro
 * is a `TypeError`: a typo must not send a postback missing its order id.
 */
export const renderPostback = (template: string | PostbackPreset, event: ConversionEvent): string => {
  const { conversion, award } = event;
  const touch = event.touchpoints.find((t) => t.id == award.touchpointId);
  const clickIds = touch?.clickIds || {};
  const values: Record<string, (name?: string) => unknown> = {
    ref: () => award.ref,
    click_id: (name) => (name ? clickIds[name] : clickIds.click_id ?? Object.values(clickIds)[0]),
    order_id: () => conversion.orderId,
    amount: () => major(conversion.amount, conversion.currency),
    amount_minor: () => conversion.amount,
    currency: () => conversion.currency,
    coupon: () => conversion.coupon,
    event_type: () => conversion.type,
    event_id: () => event.id,
    ts: () => new Date(event.ts).toISOString(),
    ts_ms: () => event.ts,
    test: () => (event.test ? 1 : 0),
  };
  for (const k of SUB_IDS) values[k] = () => touch?.subIds?.[k];
  return (typeof template == 'string' ? template : template.template).replace(/\{(\w+)(?::([\w.~-]+))?\}/g, (macro, name: string, arg?: string) => {
    if (!Object.hasOwn(values, name) || (arg && name != 'click_id')) throw TypeError(`reftrace: unknown postback macro ${macro}`);
    return e(String(values[name](arg) ?? ''));
  });
};

/**
 * The postbacks of the affiliate networks, with their documented parameter names (sources in
 * docs/links.md). Account values are filled in here; the conversion's by `renderPostback`.
 */
export const postbackPresets = {
  /** Everflow's advertiser S2S postback; the click id arrives on landing as `_ef_transaction_id`. */
  everflow: ({ nid, domain = `${nid}.servecvr.com` }: { nid: string | number; domain?: string }): PostbackPreset => ({
    method: 'GET',
    template: `https://${domain}/?nid=${e(nid)}&transaction_id={click_id:_ef_transaction_id}&amount={amount}&order_id={order_id}&coupon_code={coupon}`,
  }),
  /** impact's Conversions API (POST, Basic auth); the click id arrives as `irclickid`. */
  impact: ({ accountSid, campaignId, actionTrackerId }: { accountSid: string; campaignId: string | number; actionTrackerId: string | number }): PostbackPreset => ({
    method: 'POST',
    auth: 'basic',
    template:
      `https://api.impact.com/Advertisers/${e(accountSid)}/Conversions?CampaignId=${e(campaignId)}&ActionTrackerId=${e(actionTrackerId)}` +
      '&ClickId={click_id:irclickid}&OrderId={order_id}&EventDate={ts}&Amount={amount}&CurrencyCode={currency}&OrderPromoCode={coupon}',
  }),
  /** Awin's server-to-server request; the click checksum arrives as `awc` and goes back as `cks`. */
  awin: ({ merchant, commissionGroup = 'DEFAULT' }: { merchant: string | number; commissionGroup?: string }): PostbackPreset => ({
    method: 'GET',
    template:
      `https://www.awin1.com/sread.php?tt=ss&tv=2&merchant=${e(merchant)}&amount={amount}&ch=aw&parts=${e(commissionGroup)}:{amount}` +
      '&vc={coupon}&cr={currency}&ref={order_id}&testmode={test}&cks={click_id:awc}',
  }),
  /** Partnerize's conversion API, parameters as path segments; the click id arrives as `clickref`. */
  partnerize: ({ campaign, category = 'DEFAULT' }: { campaign: string; category?: string }): PostbackPreset => ({
    method: 'GET',
    template:
      `https://prf.hn/conversion/tracking_mode:api/campaign:${e(campaign)}/clickref:{click_id:clickref}/conversionref:{order_id}` +
      `/currency:{currency}/voucher:{coupon}/%5Bcategory:${e(category)}/value:{amount}/quantity:1%5D`,
  }),
  /**
   * TUNE's server postback with transaction id: the network's offer URL passes `click_id={transaction_id}`,
   * which the SDK captures as a click id.
   */
  tune: ({ network, offerId }: { network: string; offerId?: string | number }): PostbackPreset => ({
    method: 'GET',
    template:
      `https://${network}.go2cloud.org/aff_lsr?${offerId == null ? '' : `offer_id=${e(offerId)}&`}` +
      'transaction_id={click_id:click_id}&amount={amount}&adv_sub={order_id}&promo_code={coupon}',
  }),
};

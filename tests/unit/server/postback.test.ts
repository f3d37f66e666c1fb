// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { ConversionEvent } from '../../../src/events/event';
import { postbackPresets, renderPostback } from '../../../src/server';

const event = (over: Partial<ConversionEvent['conversion']> = {}, clickIds: Record<string, string> = {}, test?: true): ConversionEvent => ({
  id: 'evt_1',
  type: 'conversion',
  ts: Date.UTC(2026, 0, 2, 3, 4, 5, 678),
  sentAt: 0,
  anonymousId: 'anon',
  ...(test && { test }),
  context: { page: '/thanks', library: { name: 'reftrace', version: '0.1.0' } },
  conversion: { orderId: 'A 1/2', type: 'purchase', amount: 4999, currency: 'USD', coupon: 'SPRING&SUMMER', ...over },
  touchpoints: [
    { id: 'tp0', ts: 1, ref: 'bob', channel: 'affiliate', landing: '/?ref=bob', clickIds: { awc: 'wrong' } },
    { id: 'tp1', ts: 2, ref: 'alice', channel: 'affiliate', landing: '/?ref=alice', subIds: { sub1: 'yt', sub3: 'a b' }, clickIds },
  ],
  attribution: { model: 'last_touch', credits: [], unattributed: 0 },
  award: { policy: 'last_click', ref: 'alice', touchpointId: 'tp1', reason: 'last_click' },
});

describe('renderPostback', () => {
  it('fills every macro from the awarded touch, URL-encoded', () => {
    const template =
      'https://p.example/cb?ref={ref}&c={click_id}&awc={click_id:awc}&s1={sub1}&s2={sub2}&s3={sub3}&o={order_id}&a={amount}&m={amount_minor}&cur={currency}&cp={coupon}&t={event_type}&id={event_id}&ts={ts}&ms={ts_ms}&test={test}';
    expect(renderPostback(template, event({}, { gclid: 'g1', awc: '1001_x' }))).toBe(
      'https://p.example/cb?ref=alice&c=g1&awc=1001_x&s1=yt&s2=&s3=a%20b&o=A%201%2F2&a=49.99&m=4999&cur=USD&cp=SPRING%26SUMMER&t=purchase&id=evt_1&ts=2026-01-02T03%3A04%3A05.678Z&ms=1767323045678&test=0',
    );
    expect(renderPostback('{click_id}', event({}, { gclid: 'g1', click_id: 'c9' }))).toBe('c9');
  });

  it('writes the amount in major units by the currency’s exponent', () => {
    const amount = (amount: number, currency?: string) => renderPostback('{amount}', event({ amount, currency }));
    expect([amount(4999, 'USD'), amount(5, 'USD'), amount(500, 'JPY'), amount(1500, 'KWD'), amount(-250, 'EUR'), amount(0)]).toEqual(['49.99', '0.05', '500', '1.500', '-2.50', '0']);
  });

  it('leaves a conversion without a partner empty, and refuses an unknown macro', () => {
    const none = { ...event(), award: { policy: 'last_click' as const, ref: null, touchpointId: null, reason: 'no_partner_touch' } };
    expect(renderPostback('r={ref}&c={click_id}&s={sub1}', none)).toBe('r=&c=&s=');
    expect(() => renderPostback('x={orderid}', event())).toThrow('reftrace: unknown postback macro {orderid}');
    expect(() => renderPostback('x={ref:awc}', event())).toThrow('reftrace: unknown postback macro {ref:awc}');
    expect(() => renderPostback('x={constructor}', event())).toThrow(TypeError);
  });
});

// Each network's documented request (docs/links.md cites the page), filled with this conversion.
describe('postback presets', () => {
  it('Everflow: nid and transaction_id, amount, order_id, coupon_code', () => {
    const preset = postbackPresets.everflow({ nid: 123 });
    expect(preset.method).toBe('GET');
    expect(renderPostback(preset, event({}, { _ef_transaction_id: 'a1b2c3' }))).toBe(
      'https://123.servecvr.com/?nid=123&transaction_id=a1b2c3&amount=49.99&order_id=A%201%2F2&coupon_code=SPRING%26SUMMER',
    );
    expect(postbackPresets.everflow({ nid: 7, domain: 'www.track.example' }).template).toMatch(/^https:\/\/www\.track\.example\/\?nid=7&/);
  });

  it('impact: the Conversions API with CampaignId, ActionTrackerId, ClickId, OrderId, EventDate', () => {
    const preset = postbackPresets.impact({ accountSid: 'IRabc', campaignId: 1234, actionTrackerId: 5678 });
    expect([preset.method, preset.auth]).toEqual(['POST', 'basic']);
    expect(renderPostback(preset, event({}, { irclickid: 'QS-1' }))).toBe(
      'https://api.impact.com/Advertisers/IRabc/Conversions?CampaignId=1234&ActionTrackerId=5678&ClickId=QS-1&OrderId=A%201%2F2&EventDate=2026-01-02T03%3A04%3A05.678Z&Amount=49.99&CurrencyCode=USD&OrderPromoCode=SPRING%26SUMMER',
    );
  });

  it('Awin: sread.php with tt=ss, parts, cr, ref, testmode and cks', () => {
    const preset = postbackPresets.awin({ merchant: 1001 });
    expect(renderPostback(preset, event({ amount: 750, currency: 'GBP', orderId: 'AA000005', coupon: undefined }, { awc: '1001_1403695822_a430d81e22c9e8687f423efcf024fbaa' }, true))).toBe(
      'https://www.awin1.com/sread.php?tt=ss&tv=2&merchant=1001&amount=7.50&ch=aw&parts=DEFAULT:7.50&vc=&cr=GBP&ref=AA000005&testmode=1&cks=1001_1403695822_a430d81e22c9e8687f423efcf024fbaa',
    );
  });

  it('Partnerize: path segments campaign, clickref, conversionref, currency, voucher and one item', () => {
    const preset = postbackPresets.partnerize({ campaign: '10l176', category: 'Shoes' });
    expect(renderPostback(preset, event({}, { clickref: 'cr9' }))).toBe(
      'https://prf.hn/conversion/tracking_mode:api/campaign:10l176/clickref:cr9/conversionref:A%201%2F2/currency:USD/voucher:SPRING%26SUMMER/%5Bcategory:Shoes/value:49.99/quantity:1%5D',
    );
  });

  it('TUNE: aff_lsr with offer_id, transaction_id, amount and adv_sub', () => {
    const preset = postbackPresets.tune({ network: 'examplenetwork', offerId: 26 });
    expect(renderPostback(preset, event({ coupon: undefined }, { click_id: '1027c887059b47bc69c699f45466b9' }))).toBe(
      'https://examplenetwork.go2cloud.org/aff_lsr?offer_id=26&transaction_id=1027c887059b47bc69c699f45466b9&amount=49.99&adv_sub=A%201%2F2&promo_code=',
    );
    expect(postbackPresets.tune({ network: 'n' }).template).toMatch(/^https:\/\/n\.go2cloud\.org\/aff_lsr\?transaction_id=/);
  });
});

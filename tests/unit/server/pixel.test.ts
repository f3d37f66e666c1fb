// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { award, lastTouch, linear, pixelHandler, pixelUrl } from '../../../src/server';
import { encodeJourney } from '../../../src/store/codec';
import type { Journey } from '../../../src/types';
import { wireErrors } from './schema';

const journey: Journey = {
  anonymousId: 'anon-1',
  touchpoints: [
    { id: 'tp-bob', ts: Date.now() - 86400e3, ref: 'bob', channel: 'affiliate', landing: '/?ref=bob' },
    { id: 'tp-alice', ts: Date.now() - 3600e3, ref: 'alice', channel: 'affiliate', landing: '/?ref=alice&sub1=yt', subIds: { sub1: 'yt' } },
  ],
};
const cookie = '_reftrace=' + encodeJourney(journey);

const run = async (query: string, { headers = {}, options = {} }: { headers?: Record<string, string>; options?: object } = {}) => {
  const events: any[] = [];
  const errors: Error[] = [];
  const response = await pixelHandler({ onEvent: (e) => void events.push(e), onError: (e) => void errors.push(e), ...options })(
    new Request('https://shop.example/px' + query, { headers }),
  );
  return { response, events, errors };
};

const isGif = async (response: Response) => {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('image/gif');
  expect(response.headers.get('cache-control')).toBe('no-store');
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect([bytes.length, String.fromCharCode(...bytes.slice(0, 6))]).toEqual([42, 'GIF89a']);
};

describe('pixelHandler', () => {
  it('records a conversion with the journey from the cookie, attributed and awarded as a scripted one', async () => {
    const { response, events, errors } = await run('?order=A-1&amount=49.99&currency=usd&coupon=SPRING', {
      headers: { cookie, referer: 'https://shop.example/thanks?order=A-1' },
      options: { model: linear() },
    });
    await isGif(response);
    expect(errors).toEqual([]);
    const [event] = events;
    expect(wireErrors(event)).toBeNull();
    expect(event).toMatchObject({
      type: 'conversion',
      anonymousId: 'anon-1',
      context: { page: '/thanks', library: { name: 'reftrace' } },
      conversion: { orderId: 'A-1', type: 'purchase', amount: 4999, currency: 'USD', coupon: 'SPRING' },
      attribution: { model: 'linear', unattributed: 0 },
      award: { ref: 'alice', touchpointId: 'tp-alice', reason: 'last_click' },
    });
    expect(event.touchpoints).toEqual(journey.touchpoints);
    expect(event.attribution.credits.map((c: any) => [c.ref, c.amount])).toEqual([['bob', 2500], ['alice', 2499]]);
    // Exactly what the pure functions give for that journey.
    expect(event.award).toEqual(award(journey.touchpoints, { ts: event.ts, amount: 4999, coupon: 'SPRING' }));
  });

  it('gives one order the same event id, so the collector keeps it once', async () => {
    const first = (await run('?order=A-2&amount=5&currency=EUR', { headers: { cookie } })).events[0];
    const again = (await run('?order=A-2&amount=5&currency=EUR')).events[0];
    const lead = (await run('?t=lead&order=A-2')).events[0];
    expect(again.id).toBe(first.id);
    expect(lead.id).not.toBe(first.id);
    expect((await run('?amount=5&currency=EUR')).events[0].id).not.toBe((await run('?amount=5&currency=EUR')).events[0].id);
  });

  it('without a cookie: a fresh visitor, and the pixel’s own ref, sub-ids and click id make its touch', async () => {
    const { events } = await run('?t=lead&ref=carol&sub2=news&click_id=tx-9&test=1');
    const [event] = events;
    expect(wireErrors(event)).toBeNull();
    expect(event).toMatchObject({
      test: true,
      conversion: { type: 'lead', amount: 0 },
      award: { ref: 'carol' },
      touchpoints: [{ ref: 'carol', channel: 'affiliate', subIds: { sub2: 'news' }, clickIds: { click_id: 'tx-9' }, landing: '/px?ref=carol&click_id=tx-9&sub2=news' }],
    });
    expect(event.anonymousId).toMatch(/^[\w-]{21}$/);
  });

  it('records clicks and named events', async () => {
    const click = (await run('?t=click&ref=dave&sub1=mail')).events[0];
    expect(wireErrors(click)).toBeNull();
    expect(click).toMatchObject({ type: 'click', touchpoint: { ref: 'dave', subIds: { sub1: 'mail' } } });
    const track = (await run('?t=track&name=newsletter_open', { headers: { cookie } })).events[0];
    expect(wireErrors(track)).toBeNull();
    expect(track).toMatchObject({ type: 'track', name: 'newsletter_open', anonymousId: 'anon-1' });
  });

  it.each([
    ['?amount=5&currency=EURO', 'reftrace: unknown currency "EURO"'],
    ['?currency=EURO', 'reftrace: unknown currency "EURO"'],
    ['?amount=4,99&currency=EUR', 'reftrace: invalid amount "4,99"'],
    ['?amount=5', 'reftrace: amount "5" needs a currency'],
    ['?amount=1e999&currency=EUR', 'reftrace: invalid amount "1e999"'],
    ['?t=refund', 'reftrace: unknown pixel type t=refund'],
    ['?t=click', 'reftrace: a click pixel needs a valid ref'],
    ['?t=click&ref=%3Cscript%3E', 'reftrace: a click pixel needs a valid ref'],
    ['?t=track', 'reftrace: a track pixel needs a name'],
    ['?order=' + 'x'.repeat(257), 'reftrace: order longer than 256 characters'],
  ])('still serves the GIF for %s, and refuses the event to onError', async (query, message) => {
    const { response, events, errors } = await run(query);
    await isGif(response);
    expect(events).toEqual([]);
    expect(errors.map((e) => e.message)).toContainEqual(expect.stringContaining(message));
  });

  it('reports an ignored code or sub-id and records the rest', async () => {
    const { events, errors } = await run('?ref=a%20b&sub1=x%40y.z&amount=1&currency=USD', { headers: { cookie } });
    expect(errors.map((e) => e.message)).toEqual(['reftrace: not a referral code, ignored: "a b"', 'reftrace: not a sub-id, ignored: sub1=x@y.z']);
    expect(events[0].award.ref).toBe('alice');
  });

  it('survives a throwing onEvent and onError, a forged cookie, and answers HEAD without recording', async () => {
    const boom = () => {
      throw Error('boom');
    };
    const handler = pixelHandler({ onEvent: boom, onError: boom, model: lastTouch() });
    await isGif(await handler(new Request('https://shop.example/px?amount=1&currency=USD', { headers: { cookie: '_reftrace=1.garbage' } })));
    const events: unknown[] = [];
    const head = await pixelHandler({ onEvent: (e) => void events.push(e) })(new Request('https://shop.example/px?amount=1&currency=USD', { method: 'HEAD' }));
    expect([head.status, head.headers.get('content-type'), events]).toEqual([200, 'image/gif', []]);
    expect((await handler(new Request('https://shop.example/px', { method: 'POST', body: 'x' }))).status).toBe(405);
  });
});

describe('pixelUrl', () => {
  it('writes the flat parameters the pixel reads', async () => {
    const url = pixelUrl('https://shop.example/px', { orderId: 'A-1', amount: '49.99', currency: 'usd', coupon: 'SPRING', ref: 'alice', subIds: { sub1: 'yt' }, clickId: 'c1', test: true });
    expect(url).toBe('https://shop.example/px?order=A-1&amount=49.99&currency=USD&coupon=SPRING&ref=alice&sub1=yt&click_id=c1&test=1');
    expect(pixelUrl('/px', { type: 'lead', orderId: 7 })).toBe('/px?t=lead&order=7');
    const { events } = await run(new URL(url).search);
    expect(events[0]).toMatchObject({ test: true, conversion: { orderId: 'A-1', amount: 4999, currency: 'USD' }, award: { ref: 'alice' } });
  });

  it.each([
    [{ amount: 5, currency: 'EURO' }, 'reftrace: unknown currency "EURO"'],
    [{ currency: 'EURO' }, 'reftrace: unknown currency "EURO"'],
    [{ amount: 'abc', currency: 'EUR' }, 'reftrace: invalid amount "abc"'],
    [{ amount: 5 }, 'reftrace: unknown currency ""'],
    [{ ref: 'a b' }, 'reftrace: not a referral code the SDK accepts: "a b"'],
    [{ subIds: { sub7: 'x' } }, 'reftrace: not a valid sub-id: sub7="x"'],
    [{ subIds: { sub1: 'a@b' } }, 'reftrace: not a valid sub-id: sub1="a@b"'],
    [{ type: 'refund' }, 'reftrace: unknown pixel type "refund"'],
  ])('refuses %j', (conversion, message) => {
    expect(() => pixelUrl('/px', conversion as any)).toThrow(message);
  });
});

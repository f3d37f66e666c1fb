import { afterEach, describe, expect, it, vi } from 'vitest';
import { award } from '../../../src/attribution';
import { clickAge, conversionSignals, inForeignFrame, landingSignals, recentClicks } from '../../../src/capture/signals';
import { createTracker } from '../../../src/index';
import { decodeJourney, encodeJourney } from '../../../src/store/codec';
import { conv, tp } from '../attribution/helpers';

const HOUR = 36e5;
afterEach(() => vi.unstubAllGlobals());
// happy-dom says it is automated (navigator.webdriver is true): each test says what the browser states.
const browserSays = (props: Record<string, unknown>) =>
  vi.stubGlobal('navigator', Object.create(navigator, Object.fromEntries(Object.entries(props).map(([k, value]) => [k, { value }]))));

describe('signals', () => {
  it('recentClicks counts the partner touches of the hour before', () => {
    const now = 10 * HOUR;
    const t = [
      { id: 'a', ts: now - 2 * HOUR, ref: 'a', channel: 'affiliate', landing: '/' },
      { id: 'b', ts: now - HOUR / 2, ref: 'b', channel: 'affiliate', landing: '/' },
      { id: 'c', ts: now - 60e3, channel: 'organic_search', landing: '/' },
      { id: 'd', ts: now, ref: 'd', channel: 'affiliate', landing: '/' },
    ] as const;
    expect(recentClicks(t as any, now)).toBe(2);
  });

  it('a page that is the top window is not framed; the landing says only what is true', () => {
    browserSays({ webdriver: false });
    expect(inForeignFrame('flood.localhost')).toBe(false);
    expect(landingSignals('flood.localhost')).toEqual({});
    browserSays({ webdriver: true });
    expect(landingSignals('flood.localhost')).toEqual({ automated: true });
  });

  it('a conversion states automation, missing user activation and the credited click age', () => {
    browserSays({ webdriver: true, userActivation: { hasBeenActive: false } });
    const t = [tp('a', 0, 'affiliate', { ref: 'alice', ts: 1000 })];
    expect(conversionSignals(t, 5000)).toEqual({ recentClicks: 1, automated: true, inactive: true });
    expect(clickAge(t, { policy: 'last_click', ref: 'alice', touchpointId: 'a', reason: 'last_click' }, 5000)).toBe(4000);
    browserSays({ webdriver: false, userActivation: { hasBeenActive: true } });
    expect(conversionSignals(t, 5000)).toEqual({ recentClicks: 1 });
  });

  it('award: excludeFlags can name a touch signal or a conversion signal', () => {
    const j = [tp('a', 9, 'affiliate', { ref: 'alice' }), tp('b', 2, 'affiliate', { ref: 'bob', signals: { hidden: true, recentClicks: 1 } })];
    expect(award(j, conv(1)).ref).toBe('bob');
    expect(award(j, conv(1), { excludeFlags: ['hidden'] })).toMatchObject({ ref: 'alice', touchpointId: 'a' });
    // A count is not a flag: naming it excludes nothing.
    expect(award(j, conv(1), { excludeFlags: ['recentClicks'] }).ref).toBe('bob');
    expect(award(j, conv(1, { signals: { automated: true } }), { excludeFlags: ['automated'] })).toEqual({
      policy: 'last_click',
      ref: null,
      touchpointId: null,
      reason: 'excluded_signal:automated',
    });
    expect(award(j, conv(1, { signals: { automated: true } })).ref).toBe('bob');
  });

  it('the cookie keeps a touch signals and refuses unknown or malformed ones', () => {
    const journey = { anonymousId: 'x', touchpoints: [tp('a', 1, 'affiliate', { ref: 'alice', signals: { hidden: true, recentClicks: 3 } })] };
    expect(decodeJourney(encodeJourney(journey))).toEqual(journey);
    for (const signals of [{ hidden: false }, { recentClicks: -1 }, { canvasHash: 'abc' }, JSON.parse('{"__proto__": true}'), [true]])
      expect(decodeJourney(encodeJourney({ ...journey, touchpoints: [{ ...journey.touchpoints[0], signals } as any] }))).toBeUndefined();
  });
});

describe('a click flood', () => {
  it('records one touch per partner per visit and caps the click events', async () => {
    const sent: { type: string }[] = [];
    vi.stubGlobal('fetch', async (_: string, { body }: RequestInit) => (sent.push(...JSON.parse(body as string)), new Response(null, { status: 204 })));
    browserSays({ webdriver: false });
    (window as any).happyDOM.setURL('http://flood.localhost/?ref=alice');
    const tracker = createTracker({ endpoint: '/e' });
    await tracker.ready;
    // The same partner's link with another campaign, again and again: one visit, one touch.
    for (let i = 0; i < 20; i++) history.pushState({}, '', `/p${i}?ref=alice&utm_content=${i}`);
    expect(tracker.touchpoints().map((t) => t.ref)).toEqual(['alice']);
    // Forty partners in a row: each a touch (attribution decides), but only 10 clicks an hour go out.
    for (let i = 0; i < 40; i++) history.pushState({}, '', `/q?ref=farm${i}`);
    await tracker.flush();
    expect(sent.filter((e) => e.type == 'click')).toHaveLength(10);
    expect(tracker.touchpoints()).toHaveLength(41);
    expect(tracker.touchpoints().at(-1)!.signals).toEqual({ recentClicks: 41 });
    const conversion = await tracker.convert({ orderId: 'F-1', amount: 1, currency: 'USD' });
    expect(conversion!.signals).toMatchObject({ recentClicks: 41, sinceClick: expect.any(Number) });
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTracker } from '../../src/index';
import { readJourney } from '../../src/server';
import { decodeJourney, encodeJourney } from '../../src/store/codec';
import { mergeJourneys } from '../../src/store/journey';
import { freshPage, visit } from './page';

// Test mode: events marked `test: true`, for the page (option) or for the journey (a test link).
let collector: ReturnType<typeof freshPage>;
beforeEach(() => {
  collector = freshPage();
});
afterEach(() => vi.unstubAllGlobals());

const page = async (path: string, options: { test?: boolean } = {}) => {
  visit(path);
  const tracker = createTracker({ endpoint: 'https://collect.example/e', ...options });
  await tracker.ready;
  return tracker;
};
const cookie = () => decodeJourney(document.cookie.split('; ').find((c) => c.startsWith('_reftrace='))?.slice('_reftrace='.length));

describe('test mode', () => {
  it('marks every event of a page with the option, and leaves later pages alone', async () => {
    const tracker = await page('/?ref=alice', { test: true });
    await tracker.convert({ orderId: 'T-1', amount: 1, currency: 'USD' });
    await tracker.track('viewed');
    await tracker.flush();
    expect(collector.sent.map((e) => [e.type, e.test])).toEqual([
      ['click', true],
      ['conversion', true],
      ['track', true],
    ]);
    expect(cookie()!.test).toBeUndefined();
    const later = await page('/cart');
    await later.track('viewed');
    await later.flush();
    expect(collector.sent.at(-1)).not.toHaveProperty('test');
  });

  it('remembers a test link for the journey, across pages, until reset', async () => {
    const landing = await page('/?ref=alice&reftrace_test=1');
    await landing.flush();
    expect(collector.sent).toMatchObject([{ type: 'click', test: true, touchpoint: { ref: 'alice', landing: '/?ref=alice' } }]);
    expect(cookie()).toMatchObject({ test: true, touchpoints: [{ ref: 'alice' }] });
    const checkout = await page('/checkout');
    const event = await checkout.convert({ orderId: 'T-2', amount: 5, currency: 'EUR' });
    expect(event).toMatchObject({ test: true, award: { ref: 'alice' } });
    await checkout.reset();
    await checkout.track('after reset');
    await checkout.flush();
    expect(collector.sent.at(-1)).toMatchObject({ name: 'after reset' });
    expect(collector.sent.at(-1)).not.toHaveProperty('test');
  });

  it('marks events made before storage opened from a journey that earlier followed a test link', async () => {
    await page('/?reftrace_test=1');
    visit('/thanks');
    const tracker = createTracker({ endpoint: 'https://collect.example/e' });
    // Before `ready`: held in memory, completed from the stored journey once storage opens.
    const held = tracker.convert({ orderId: 'T-3', amount: 0 });
    await expect(held).resolves.toMatchObject({ test: true });
    const plain = await page('/?ref=bob');
    await plain.reset();
    expect(await plain.track('x')).not.toHaveProperty('test', true);
  });
});

describe('the test mark in the journey formats', () => {
  const journey = { anonymousId: 'anon_1', touchpoints: [{ id: 't1', ts: 1_700_000_000_000, ref: 'alice', channel: 'affiliate' as const, landing: '/?ref=alice' }] };

  it('round-trips through the cookie codec, and older cookies read as before', () => {
    expect(decodeJourney(encodeJourney({ ...journey, test: true }))).toEqual({ ...journey, test: true });
    const plain = encodeJourney(journey);
    expect(decodeJourney(plain)).toEqual(journey);
    expect(decodeJourney(plain)).not.toHaveProperty('test');
    // A cookie written before the mark existed: three fields, as every older SDK and server wrote it.
    const legacy = '1.' + Buffer.from(JSON.stringify(['anon_1', 0, [['t1', 1_700_000_000_000, 'alice', 'affiliate', 0, 0, 0, 0, 0, 0, '/?ref=alice']]])).toString('base64url');
    expect(decodeJourney(legacy)).toEqual(journey);
    // And the mark joins at the end, where an older reader's `[id, user, rows]` never looks.
    const [id, user, rows, mark] = JSON.parse(Buffer.from(encodeJourney({ ...journey, test: true }).slice(2), 'base64url').toString());
    expect([id, user, rows.length, mark]).toEqual(['anon_1', 0, 1, 1]);
  });

  it('accepts only `true` as the mark from untrusted storage', () => {
    const forged = '1.' + Buffer.from(JSON.stringify(['anon_1', 0, [], 'yes'])).toString('base64url');
    expect(decodeJourney(forged)).not.toHaveProperty('test');
  });

  it('keeps the mark when layers merge, whichever holds it', () => {
    const now = 1_700_000_000_000;
    expect(mergeJourneys([journey, { ...journey, test: true }], now, 30)).toHaveProperty('test', true);
    expect(mergeJourneys([journey, journey], now, 30)).not.toHaveProperty('test');
  });

  it('reaches the merchant server through readJourney', () => {
    const header = `_reftrace=${encodeJourney({ ...journey, test: true })}`;
    expect(readJourney(header, { now: 1_700_000_000_000 })).toMatchObject({ anonymousId: 'anon_1', test: true });
  });
});

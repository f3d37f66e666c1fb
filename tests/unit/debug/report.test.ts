import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTracker } from '../../../src/index';
import { freshPage, visit } from '../page';

// The npm tracker in debug mode: the report arrives by dynamic import and says, in words, what
// happened on the page. happy-dom has no IndexedDB, which the report says too.
let lines: string[] = [];
let collector: ReturnType<typeof freshPage>;
beforeEach(() => {
  lines = [];
  collector = freshPage();
  for (const level of ['info', 'warn'] as const) vi.spyOn(console, level).mockImplementation((...args) => void lines.push(`${level} ${args.join(' ')}`));
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const said = (text: string) => vi.waitFor(() => expect(lines.join('\n')).toContain(text));

describe('debug report', () => {
  it('tells a landing, where the journey is stored, and a conversion queued and delivered', async () => {
    visit('/shoes?ref=alice&utm_campaign=spring');
    const tracker = createTracker({ endpoint: 'https://collect.example/e', debug: true });
    await tracker.ready;
    await tracker.convert({ orderId: 'A-1', amount: '49.99', currency: 'USD' });
    await tracker.flush();
    await said('delivered (HTTP 204): conversion purchase of order "A-1", 49.99 USD, awarded to partner "alice"');
    const text = lines.join('\n');
    expect(text).toContain('info reftrace: debug report. Endpoint https://collect.example/e; consent granted (the default)');
    expect(text).toContain('info reftrace: captured this landing as a new touch: partner "alice", channel affiliate, campaign spring, landing /shoes?ref=alice&utm_campaign=spring');
    expect(text).toMatch(/journey of visitor [\w-]{21}: 1 touch \(partners "alice"\)\. Stored in: cookie _reftrace holds it; IndexedDB unreadable \(.*\); localStorage holds it/);
    expect(text).toContain('info reftrace: queued click for partner "alice"');
    expect(text).toContain('info reftrace: queued conversion purchase of order "A-1"');
    // In the order made: the landing before its storage, storage before the conversion.
    expect(text.indexOf('captured')).toBeLessThan(text.indexOf('Stored in'));
    expect(text.indexOf('Stored in')).toBeLessThan(text.indexOf('queued conversion'));
  });

  it('is switched on by ?reftrace_debug=1 on the page, and says why a code was refused', async () => {
    visit('/?reftrace_debug=1&ref=%3Cb%3E');
    const tracker = createTracker({ endpoint: 'https://collect.example/e' });
    await tracker.ready;
    await said('warn reftrace: refused the referral code "<b>": it contains "<", ">". A code is 1 to 64 letters, digits or - _ . ~');
    expect(lines.join('\n')).not.toContain('nothing to capture');
  });

  it('tells a repeated landing, an order converted before, a refusal by the collector, and a rejected command once', async () => {
    visit('/?ref=bob');
    await createTracker({ endpoint: 'https://collect.example/e' }).ready;
    visit('/?ref=bob');
    const tracker = createTracker({ endpoint: 'https://collect.example/e', debug: true, clicks: false });
    await tracker.ready;
    collector.status = 400;
    await tracker.convert({ orderId: 'B-1', amount: 0 });
    await tracker.convert({ orderId: 'B-1', amount: 0 });
    await expect(tracker.convert({ amount: 5, currency: 'EURO' })).rejects.toThrow();
    await tracker.flush();
    await said('dropped conversion purchase of order "B-1"');
    const text = lines.join('\n');
    expect(text).toContain("not a new touch: the same visit as the journey's last touch");
    expect(text).toContain('order "B-1" already converted in this browser: not sent again');
    expect(text).toContain('refused by the collector with HTTP 400');
    expect(lines.filter((l) => l.includes('unknown currency'))).toEqual(['warn reftrace: a command failed: reftrace: unknown currency "EURO"']);
  });

  it('tells consent held by the option, and events held until it is granted', async () => {
    visit('/?ref=carol');
    const tracker = createTracker({ endpoint: 'https://collect.example/e', debug: true, consent: 'pending', clicks: false });
    await tracker.track('viewed');
    await said("consent pending (option consent: 'pending'): events wait in memory until consent('granted')");
    await said('held in memory until consent is granted: event "viewed"');
    await tracker.consent('granted');
    await said('consent set to granted');
    await said('captured this landing as a new touch: partner "carol"');
  });

  it('prints nothing and loads nothing without debug mode', async () => {
    visit('/?ref=dave');
    const tracker = createTracker({ endpoint: 'https://collect.example/e' });
    await tracker.ready;
    await tracker.convert({ orderId: 'D-1', amount: 0 });
    await tracker.flush();
    await new Promise((r) => setTimeout(r, 50));
    expect(lines).toEqual([]);
  });

  it('says once, in every mode, that Global Privacy Control stops tracking', async () => {
    vi.stubGlobal('navigator', Object.assign(Object.create(navigator), { globalPrivacyControl: true }));
    visit('/?ref=erin');
    const tracker = createTracker({ endpoint: 'https://collect.example/e' });
    await tracker.ready;
    expect(lines).toEqual(['info reftrace: GPC on, not tracking']);
    createTracker({ endpoint: 'https://collect.example/e', debug: true });
    await said("consent denied (the browser sends Global Privacy Control (option gpc: 'ignore' would track))");
    // Said by the tracker, once per tracker, not again by the report.
    expect(lines.filter((l) => l.includes('GPC on'))).toHaveLength(2);
  });
});

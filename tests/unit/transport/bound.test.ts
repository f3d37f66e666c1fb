import { describe, expect, it } from 'vitest';
import { evict } from '../../../src/transport/bound';

const entry = (type: string, ts: number, s = 100) => ({ e: { type, ts, id: type + ts }, s });

describe('evict', () => {
  it('drops nothing within the bounds', () => {
    expect(evict([entry('track', 1), entry('conversion', 2)], 2, 200)).toEqual([]);
  });

  it('drops the oldest non-conversions first', () => {
    const all = [entry('conversion', 1), entry('track', 5), entry('click', 3), entry('track', 4), entry('conversion', 2)];
    expect(evict(all, 3).map((x) => x.e.id)).toEqual(['click3', 'track4']);
  });

  it('drops conversions, oldest first, only when nothing else is left', () => {
    const all = [entry('conversion', 3), entry('track', 9), entry('conversion', 1), entry('conversion', 2)];
    expect(evict(all, 2).map((x) => x.e.id)).toEqual(['track9', 'conversion1']);
  });

  it('bounds bytes as well as count', () => {
    const all = [entry('track', 1, 500), entry('track', 2, 500), entry('conversion', 3, 500)];
    expect(evict(all, 10, 1000).map((x) => x.e.id)).toEqual(['track1']);
    expect(evict([entry('track', 1, 5000)], 10, 1000).map((x) => x.e.id)).toEqual(['track1']);
  });

  it('keeps 1,000 events under the bound, conversions kept longest', () => {
    const all = Array.from({ length: 1000 }, (_, i) => entry(i % 10 ? 'track' : 'conversion', i, 300 + (i % 7) * 200));
    const out = evict(all);
    const gone = new Set(out);
    const kept = all.filter((x) => !gone.has(x));
    expect(kept.length).toBeLessThanOrEqual(200);
    expect(kept.reduce((s, x) => s + x.s, 0)).toBeLessThanOrEqual(262144);
    expect(kept.filter((x) => x.e.type == 'conversion')).toHaveLength(100);
    // Of the rest, the newest survive.
    const tracks = kept.filter((x) => x.e.type == 'track');
    expect(Math.min(...tracks.map((x) => x.e.ts))).toBeGreaterThan(Math.max(...out.map((x) => x.e.ts)));
  });
});

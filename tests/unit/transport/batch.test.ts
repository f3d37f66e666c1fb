import { describe, expect, it } from 'vitest';
import { batches, bytes } from '../../../src/transport/batch';
import { ev } from './helpers';

describe('bytes', () => {
  it('counts UTF-8 bytes, not characters', () => {
    expect(bytes('abc')).toBe(3);
    expect(bytes('é')).toBe(2);
    expect(bytes('€')).toBe(3);
    expect(bytes('😀')).toBe(4);
  });
});

describe('batches', () => {
  const id = (n: number) => n;
  it('keeps order and fills runs up to the limit', () => {
    expect(batches([3, 3, 3, 3], id, 6)).toEqual([[3, 3], [3, 3]]);
    expect(batches([1, 2, 3, 4], id, 6)).toEqual([[1, 2, 3], [4]]);
    expect(batches([], id, 6)).toEqual([]);
  });

  it('gives an item over the limit a run of its own', () => {
    expect(batches([2, 10, 2], id, 6)).toEqual([[2], [10], [2]]);
  });

  it('keeps every JSON batch body under 64 KiB', () => {
    const LIMIT = 65536;
    const events = Array.from({ length: 400 }, (_, i) => ev('track', 1e12 + i, (i * 397) % 3000));
    const entries = events.map((e) => ({ e, s: bytes(JSON.stringify(e)) + 25 }));
    const runs = batches(entries, (x) => x.s, LIMIT);
    expect(runs.length).toBeGreaterThan(10);
    expect(runs.flat().map((x) => x.e.id)).toEqual(events.map((e) => e.id));
    for (const run of runs) {
      const body = JSON.stringify(run.map((x) => ({ ...x.e, sentAt: Date.now() })));
      expect(bytes(body)).toBeLessThanOrEqual(LIMIT);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { backoff, retryAfter, retryable } from '../../../src/transport/retry';

describe('backoff', () => {
  it('is full jitter: 0 up to base·2^attempt', () => {
    expect(backoff(0, () => 0)).toBe(0);
    expect(backoff(0, () => 0.999)).toBeCloseTo(999);
    expect(backoff(3, () => 0.5)).toBe(4000);
    for (let a = 0; a < 12; a++) {
      const d = backoff(a);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(1000 * 2 ** a);
    }
  });

  it('is capped, also for huge attempt counts', () => {
    expect(backoff(40, () => 0.999)).toBeLessThan(36e5);
    expect(backoff(5000, () => 1)).toBe(36e5);
    expect(backoff(4, () => 1, 100, 1000)).toBe(1000);
  });
});

describe('retryAfter', () => {
  const now = Date.UTC(2025, 0, 1, 12);
  it('reads delay-seconds', () => {
    expect(retryAfter('120', now)).toBe(120_000);
    expect(retryAfter(' 5 ', now)).toBe(5000);
  });
  it('reads an HTTP date relative to now', () => {
    expect(retryAfter(new Date(now + 90_000).toUTCString(), now)).toBe(90_000);
    expect(retryAfter('Wed, 01 Jan 2025 12:01:00 GMT', now)).toBe(60_000);
  });
  it('waits at most a day, so a misconfigured header cannot park an event until it expires', () => {
    expect(retryAfter('1e9', now)).toBe(864e5);
    expect(retryAfter('Fri, 01 Jan 2100 00:00:00 GMT', now)).toBe(864e5);
  });
  it('is 0 when absent, past or unreadable', () => {
    for (const v of [null, undefined, '', '0', '-5', 'soon', new Date(now - 5000).toUTCString()]) expect(retryAfter(v, now)).toBe(0);
  });
});

describe('retryable', () => {
  it('retries network errors, redirects, 408, 429 and 5xx only', () => {
    // A redirect (300 stands for the opaque one browsers give) is not a delivery, and not a refusal.
    for (const s of [0, 300, 301, 302, 307, 308, 408, 429, 500, 502, 503, 504]) expect(retryable(s)).toBe(true);
    for (const s of [200, 204, 400, 401, 403, 404, 413, 422]) expect(retryable(s)).toBe(false);
  });
});

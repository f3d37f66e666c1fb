import { describe, expect, it } from 'vitest';
import { days, parsePeriod, periodParams } from '../../src/pages/period.js';

const NOW = Date.parse('2026-12-02T15:30:00Z');

describe('the period a page shows', () => {
  it('defaults to the last 30 UTC days, today included', () => {
    const p = parsePeriod({}, NOW);
    expect(p).toMatchObject({ key: '30d', from: '2026-11-03', to: '2026-12-02', start: '2026-11-03T00:00:00.000Z', end: '2026-12-03T00:00:00.000Z' });
    expect(days(p)).toHaveLength(30);
    expect(periodParams(p)).toEqual({ period: '30d' });
  });

  it('takes the presets', () => {
    expect(parsePeriod({ period: '7d' }, NOW)).toMatchObject({ from: '2026-11-26', to: '2026-12-02' });
    expect(days(parsePeriod({ period: '90d' }, NOW))).toHaveLength(90);
    expect(parsePeriod({ period: '12d' }, NOW).key).toBe('30d');
  });

  it('takes a custom range of whole days', () => {
    const p = parsePeriod({ from: '2026-02-27', to: '2026-03-01' }, NOW);
    expect(p).toMatchObject({ key: 'custom', from: '2026-02-27', to: '2026-03-01' });
    expect(days(p)).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
    expect(periodParams(p)).toEqual({ from: '2026-02-27', to: '2026-03-01' });
  });

  it('refuses a bad range with a reason and shows the default', () => {
    expect(parsePeriod({ period: 'custom', from: '2026-02-30', to: '2026-03-01' }, NOW)).toMatchObject({ key: '30d', error: expect.stringMatching(/YYYY-MM-DD/) });
    expect(parsePeriod({ from: '2026-03-02', to: '2026-03-01' }, NOW).error).toMatch(/after/);
    expect(parsePeriod({ from: '2020-01-01', to: '2026-03-01' }, NOW).error).toMatch(/at most/);
    expect(parsePeriod({ from: '<script>', to: '2026-03-01' }, NOW).error).toBeDefined();
  });
});

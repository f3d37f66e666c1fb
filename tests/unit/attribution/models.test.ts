import { describe, expect, it } from 'vitest';
import {
  attribute,
  firstTouch,
  lastNonDirect,
  lastTouch,
  linear,
  modelByName,
  positionBased,
  scoreWeighted,
  timeDecay,
} from '../../../src/attribution';
import type { AttributionModel, Touchpoint } from '../../../src/types';
import { conv, tp } from './helpers';

/** n touches one day apart, oldest first. */
const journey = (n: number, channel: Touchpoint['channel'] = 'affiliate') =>
  Array.from({ length: n }, (_, i) => tp('t' + i, n - i, channel, { ref: 'p' + i }));

const amounts = (model: AttributionModel, t: Touchpoint[], amount = 1000) =>
  attribute(t, conv(amount), { model }).credits.map((c) => c.amount);

const weights = (model: AttributionModel, t: Touchpoint[]) => attribute(t, conv(1000), { model }).credits.map((c) => c.weight);

describe('single-touch models', () => {
  it.each([
    [lastTouch(), 'last_touch', [0, 0, 0, 0, 1000]],
    [firstTouch(), 'first_touch', [1000, 0, 0, 0, 0]],
    [lastNonDirect(), 'last_non_direct', [0, 0, 0, 0, 1000]],
  ])('%# over 0, 1, 2, 3 and 5 touches', (model, name, five) => {
    expect(model.name).toBe(name);
    expect(model.weights([], conv(0))).toEqual([]);
    expect(amounts(model, journey(1))).toEqual([1000]);
    expect(amounts(model, journey(2))).toEqual(name == 'first_touch' ? [1000, 0] : [0, 1000]);
    expect(amounts(model, journey(3))).toEqual(name == 'first_touch' ? [1000, 0, 0] : [0, 0, 1000]);
    expect(amounts(model, journey(5))).toEqual(five);
  });

  it('last non-direct skips trailing direct visits', () => {
    const t = [tp('a', 3, 'affiliate', { ref: 'p' }), tp('b', 2, 'email'), tp('c', 1, 'direct'), tp('d', 0, 'direct')];
    expect(amounts(lastNonDirect(), t)).toEqual([0, 1000, 0, 0]);
    expect(amounts(lastTouch(), t)).toEqual([0, 0, 0, 1000]);
  });

  it('last non-direct falls back to the last touch when all are direct', () => {
    expect(amounts(lastNonDirect(), journey(3, 'direct'))).toEqual([0, 0, 1000]);
  });

  it('identical timestamps keep recording order', () => {
    const t = [tp('a', 1), tp('b', 1), tp('c', 1)];
    expect(attribute(t, conv(100), { model: firstTouch() }).credits[0]).toEqual({ touchpointId: 'a', ref: null, weight: 1, amount: 100 });
    expect(attribute(t, conv(100)).credits.map((c) => [c.touchpointId, c.amount])).toEqual([
      ['a', 0],
      ['b', 0],
      ['c', 100],
    ]);
  });
});

describe('linear', () => {
  it('splits equally', () => {
    expect(linear().name).toBe('linear');
    expect(linear().weights([], conv(0))).toEqual([]);
    expect(amounts(linear(), journey(1))).toEqual([1000]);
    expect(amounts(linear(), journey(2))).toEqual([500, 500]);
    expect(amounts(linear(), journey(3))).toEqual([334, 333, 333]);
    expect(amounts(linear(), journey(5))).toEqual([200, 200, 200, 200, 200]);
    expect(weights(linear(), journey(3))).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });
});

describe('timeDecay', () => {
  it('halves the weight every half-life (default 7 days)', () => {
    const t = [tp('a', 14), tp('b', 7), tp('c', 0)];
    const w = weights(timeDecay(), t);
    expect(w[0]).toBeCloseTo(1 / 7, 12);
    expect(w[1]).toBeCloseTo(2 / 7, 12);
    expect(w[2]).toBeCloseTo(4 / 7, 12);
    expect(amounts(timeDecay(), t, 700)).toEqual([100, 200, 400]);
  });

  it('uses continuous age and a custom half-life', () => {
    // ages 3 and 1.5 days, half-life 3: raw 0.5 and 2^-0.5
    const t = [tp('a', 3), tp('b', 1.5)];
    const w = weights(timeDecay({ halfLifeDays: 3 }), t);
    const raw = [0.5, 2 ** -0.5];
    expect(w[0]).toBeCloseTo(raw[0] / (raw[0] + raw[1]), 12);
    expect(w[1]).toBeCloseTo(raw[1] / (raw[0] + raw[1]), 12);
  });

  it('ratio only depends on age differences; no touch at the conversion needed', () => {
    const w = weights(timeDecay(), [tp('a', 21), tp('b', 14)]); // 2^-3 : 2^-2
    expect(w[0]).toBeCloseTo(1 / 3, 12);
    expect(w[1]).toBeCloseTo(2 / 3, 12);
  });

  it('equal ages share equally; zero, one and five touches', () => {
    expect(timeDecay().weights([], conv(0))).toEqual([]);
    expect(amounts(timeDecay(), journey(1))).toEqual([1000]);
    expect(amounts(timeDecay(), [tp('a', 2), tp('b', 2)])).toEqual([500, 500]);
    const five = weights(timeDecay({ halfLifeDays: 1 }), journey(5)); // ages 5..1 days
    expect(five.map((x) => x * 31)).toEqual([1, 2, 4, 8, 16].map((x) => expect.closeTo(x, 9)));
  });

  it('does not underflow with a tiny half-life over a long window', () => {
    expect(amounts(timeDecay({ halfLifeDays: 0.001 }), [tp('a', 29), tp('b', 28)])).toEqual([0, 1000]);
  });

  it('validates halfLifeDays', () => {
    expect(() => timeDecay({ halfLifeDays: 0 })).toThrow('reftrace: bad halfLifeDays');
    expect(() => timeDecay({ halfLifeDays: -1 })).toThrow(/halfLifeDays/);
    expect(() => timeDecay({ halfLifeDays: NaN })).toThrow(/halfLifeDays/);
    expect(() => timeDecay({ halfLifeDays: Infinity })).toThrow(/halfLifeDays/);
  });
});

describe('positionBased', () => {
  it('40/40 default', () => {
    const m = positionBased();
    expect(m.name).toBe('position_based');
    expect(m.weights([], conv(0))).toEqual([]);
    expect(amounts(m, journey(1))).toEqual([1000]);
    expect(amounts(m, journey(2))).toEqual([500, 500]);
    expect(amounts(m, journey(3))).toEqual([400, 200, 400]);
    expect(amounts(m, journey(5))).toEqual([400, 67, 67, 66, 400]);
    expect(weights(m, journey(3)).map((x) => +x.toFixed(12))).toEqual([0.4, 0.2, 0.4]);
  });

  it('20/60: two touches renormalise to 25/75', () => {
    const m = positionBased({ first: 0.2, last: 0.6 });
    expect(amounts(m, journey(2))).toEqual([250, 750]);
    expect(amounts(m, journey(4))).toEqual([200, 100, 100, 600]);
  });

  it('first + last = 1 leaves the middle with nothing; 0/0 gives it everything', () => {
    expect(amounts(positionBased({ first: 0.5, last: 0.5 }), journey(3))).toEqual([500, 0, 500]);
    expect(amounts(positionBased({ first: 0, last: 0 }), journey(4))).toEqual([0, 500, 500, 0]);
    expect(amounts(positionBased({ first: 0, last: 0 }), journey(2))).toEqual([500, 500]);
  });

  it('validates first/last', () => {
    expect(() => positionBased({ first: 0.6, last: 0.6 })).toThrow('reftrace: bad first/last');
    expect(() => positionBased({ first: -0.1 })).toThrow(/first\/last/);
    expect(() => positionBased({ last: NaN })).toThrow(/first\/last/);
    expect(() => positionBased({ first: Infinity })).toThrow(/first\/last/);
  });
});

describe('scoreWeighted', () => {
  const t = [tp('a', 3, 'email'), tp('b', 2, 'affiliate', { ref: 'p' }), tp('c', 1, 'direct')];

  it('weights touches by their channel score; missing channels get 0', () => {
    const m = scoreWeighted({ email: 1, affiliate: 3 });
    expect(m.name).toBe('score_weighted');
    expect(amounts(m, t)).toEqual([250, 750, 0]);
  });

  it('falls back to last touch when every score is 0', () => {
    expect(amounts(scoreWeighted({ paid_search: 5 }), t)).toEqual([0, 0, 1000]);
    expect(amounts(scoreWeighted({}), [])).toEqual([]);
  });

  it('bad scores are reported, not hidden by the fallback', () => {
    expect(() => amounts(scoreWeighted({ email: NaN }), t)).toThrow('reftrace: bad weights from score_weighted');
    expect(() => amounts(scoreWeighted({ email: -1 }), t)).toThrow(/score_weighted/);
  });
});

describe('modelByName', () => {
  it.each(['last_touch', 'first_touch', 'last_non_direct', 'linear', 'time_decay', 'position_based'])('%s', (name) => {
    expect(modelByName(name).name).toBe(name);
  });

  it('passes options through', () => {
    expect(amounts(modelByName('position_based', { first: 0.2, last: 0.6 }), journey(2))).toEqual([250, 750]);
    expect(amounts(modelByName('time_decay', { halfLifeDays: 1 }), [tp('a', 2), tp('b', 1)], 300)).toEqual([100, 200]);
    expect(() => modelByName('time_decay', { halfLifeDays: 0 })).toThrow(/halfLifeDays/);
  });

  it('throws on unknown names, including prototype keys', () => {
    expect(() => modelByName('markov')).toThrow('reftrace: unknown model markov');
    expect(() => modelByName('toString')).toThrow(/unknown model/);
    expect(() => modelByName('')).toThrow(/unknown model/);
  });
});

describe('custom models', () => {
  const t = journey(3);
  const custom = (w: number[]): AttributionModel => ({ name: 'mine', weights: () => w });

  it('accepts any { name, weights }', () => {
    const r = attribute(t, conv(100), { model: custom([1, 0, 3]) });
    expect(r.model).toBe('mine');
    expect(r.credits.map((c) => [c.weight, c.amount])).toEqual([
      [0.25, 25],
      [0, 0],
      [0.75, 75],
    ]);
  });

  it.each([
    ['NaN', [1, NaN, 1]],
    ['negative', [1, -1, 1]],
    ['too short', [1, 1]],
    ['too long', [1, 1, 1, 1]],
    ['zero sum', [0, 0, 0]],
    ['infinite', [1, Infinity, 1]],
  ])('rejects %s weights naming the model', (_, w) => {
    expect(() => attribute(t, conv(100), { model: custom(w) })).toThrow('reftrace: bad weights from mine');
  });
});

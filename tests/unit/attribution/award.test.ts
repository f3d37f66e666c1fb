import { describe, expect, it } from 'vitest';
import { award } from '../../../src/attribution';
import { conv, tp } from './helpers';

const p = (id: string, days: number, ref: string, extra = {}) => tp(id, days, 'affiliate', { ref, ...extra });

describe('award', () => {
  const t = [p('a', 20, 'alice'), p('b', 10, 'bob'), tp('c', 5, 'organic_search'), tp('d', 1, 'direct')];

  it('last click by default; later organic/direct touches do not overwrite it', () => {
    expect(award(t, conv(100))).toEqual({ policy: 'last_click', ref: 'bob', touchpointId: 'b', reason: 'last_click' });
  });

  it('first click', () => {
    expect(award(t, conv(100), { policy: 'first_click' })).toEqual({
      policy: 'first_click',
      ref: 'alice',
      touchpointId: 'a',
      reason: 'first_click',
    });
  });

  it('ties on time: the later-recorded click is the last one', () => {
    expect(award([p('a', 1, 'alice'), p('b', 1, 'bob')], conv(1)).ref).toBe('bob');
    expect(award([p('a', 1, 'alice'), p('b', 1, 'bob')], conv(1), { policy: 'first_click' }).ref).toBe('alice');
  });

  it('excluded flags do not qualify (brand_bid by default)', () => {
    const j = [p('a', 9, 'alice'), p('b', 2, 'bob', { flags: ['brand_bid'] })];
    expect(award(j, conv(1))).toMatchObject({ ref: 'alice', touchpointId: 'a', reason: 'last_click' });
    expect(award(j, conv(1), { excludeFlags: [] })).toMatchObject({ ref: 'bob', reason: 'last_click' });
    expect(award([j[1]], conv(1))).toEqual({ policy: 'last_click', ref: null, touchpointId: null, reason: 'excluded_flag' });
    expect(award([p('x', 1, 'x', { flags: ['incent'] })], conv(1), { excludeFlags: ['incent'] }).reason).toBe('excluded_flag');
  });

  describe('coupons', () => {
    const coupons = { SUMMER10: 'carol' };

    it('overrides the click when couponOverridesClick is true (case-insensitive)', () => {
      expect(award(t, conv(1, { coupon: 'summer10' }), { coupons, couponOverridesClick: true })).toEqual({
        policy: 'last_click',
        ref: 'carol',
        touchpointId: null,
        reason: 'coupon',
      });
    });

    it('only decides without a qualified click when couponOverridesClick is false', () => {
      expect(award(t, conv(1, { coupon: 'Summer10' }), { coupons })).toMatchObject({ ref: 'bob', reason: 'last_click' });
      expect(award([tp('o', 1, 'organic_search')], conv(1, { coupon: 'SUMMER10' }), { coupons })).toMatchObject({
        ref: 'carol',
        reason: 'coupon',
      });
      expect(award([p('b', 1, 'bob', { flags: ['brand_bid'] })], conv(1, { coupon: 'summer10' }), { coupons })).toMatchObject({
        ref: 'carol',
        reason: 'coupon',
      });
    });

    it('ignores unknown coupons and prototype keys', () => {
      expect(award([], conv(1, { coupon: 'nope' }), { coupons })).toMatchObject({ ref: null, reason: 'no_partner_touch' });
      expect(award([], conv(1, { coupon: 'toString' }), { coupons })).toMatchObject({ ref: null });
      expect(award([], conv(1, { coupon: 'SUMMER10' }))).toMatchObject({ ref: null, reason: 'no_partner_touch' });
    });
  });

  it('dedupeAgainst: nobody is paid when the last eligible touch is in a listed channel', () => {
    const j = [p('a', 3, 'alice'), tp('s', 1, 'paid_search')];
    expect(award(j, conv(1), { dedupeAgainst: ['paid_search', 'email'] })).toEqual({
      policy: 'last_click',
      ref: null,
      touchpointId: null,
      reason: 'deduplicated:paid_search',
    });
    // beats coupons too
    expect(
      award(j, conv(1, { coupon: 'c' }), { dedupeAgainst: ['paid_search'], coupons: { c: 'carol' }, couponOverridesClick: true }).reason,
    ).toBe('deduplicated:paid_search');
    // only the LAST touch counts
    expect(award([tp('s', 3, 'paid_search'), p('a', 1, 'alice')], conv(1), { dedupeAgainst: ['paid_search'] })).toMatchObject({
      ref: 'alice',
    });
    // a touch outside the window is not "last"
    expect(award([p('a', 3, 'alice'), tp('s', -1, 'paid_search')], conv(1), { dedupeAgainst: ['paid_search'] }).ref).toBe('alice');
  });

  it('partner clicks outside the window do not count', () => {
    expect(award([p('a', 31, 'alice'), p('z', -0.001, 'zed')], conv(1))).toEqual({
      policy: 'last_click',
      ref: null,
      touchpointId: null,
      reason: 'outside_window',
    });
    expect(award([p('a', 8, 'alice'), p('b', 6, 'bob')], conv(1), { windowDays: 7, policy: 'first_click' })).toMatchObject({
      ref: 'bob',
    });
    expect(award([p('a', 30, 'alice')], conv(1)).ref).toBe('alice');
  });

  it('no partner touch at all', () => {
    expect(award([tp('o', 1, 'organic_search'), tp('d', 0, 'direct')], conv(1))).toEqual({
      policy: 'last_click',
      ref: null,
      touchpointId: null,
      reason: 'no_partner_touch',
    });
    expect(award([], conv(1)).reason).toBe('no_partner_touch');
  });
});

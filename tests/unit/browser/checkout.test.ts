import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkout as makeLayer, checkoutFields, FORM_FIELDS } from '../../../src/browser/checkout';
import { STRIPE_SAFE } from '../../../src/events/referral-id';
import type { Journey, Touchpoint } from '../../../src/types';

const now = Date.now();
const touch = (id: string, ref?: string, extra: Partial<Touchpoint> = {}): Touchpoint => ({ id, ts: now - 1000, ref, channel: ref ? 'affiliate' : 'direct', landing: '/', ...extra });
const journey = (anonymousId: string, touchpoints: Touchpoint[] = []): Journey => ({ anonymousId, touchpoints });
// Mutation observers report in a microtask.
const settled = () => new Promise((r) => setTimeout(r, 0));
const $ = <E extends Element>(selector: string) => document.querySelector(selector) as E;
const fields = (form: string) => Object.fromEntries(new FormData($<HTMLFormElement>(form)) as any);

// Each test's layer stops watching the page when it ends, as on a real page's withdrawal.
const layers: ReturnType<typeof makeLayer>[] = [];
const checkout = (...args: Parameters<typeof makeLayer>) => layers[layers.push(makeLayer(...args)) - 1];
beforeEach(() => {
  (window as any).happyDOM.setURL('https://shop.com/pricing');
  document.body.innerHTML = '';
});
afterEach(() => layers.splice(0).forEach((l) => l.del()));

describe('checkoutFields', () => {
  it('names the referral id, the partner a conversion would pay and that click’s sub-ids', () => {
    const j = journey('V1StGXR8_Z5jdHi6B-myT', [touch('t1', 'alice', { subIds: { sub1: 'old' } }), touch('t2', 'bob', { subIds: { sub1: 'yt', sub3: 'video 9' } }), touch('t3')]);
    expect(checkoutFields(j)).toEqual({ reftrace_referral_id: 'V1StGXR8_Z5jdHi6B-myT', reftrace_ref: 'bob', reftrace_sub1: 'yt', reftrace_sub3: 'video 9' });
    expect(checkoutFields(j, { award: { policy: 'first_click' } })).toMatchObject({ reftrace_ref: 'alice', reftrace_sub1: 'old' });
  });

  it('follows the award rules: a flagged or expired click names nobody', () => {
    expect(checkoutFields(journey('a', [touch('t1', 'alice', { flags: ['brand_bid'] })]))).toEqual({ reftrace_referral_id: 'a' });
    expect(checkoutFields(journey('a', [touch('t1', 'alice', { ts: now - 3 * 864e5 })]), { windowDays: 2 })).toEqual({ reftrace_referral_id: 'a' });
  });

  it('gives nothing for an id Stripe would drop', () => {
    expect(STRIPE_SAFE.test('a'.repeat(200))).toBe(true);
    for (const bad of ['a'.repeat(201), 'User/42', 'a b', '', 'é']) expect(checkoutFields(journey(bad))).toBeUndefined();
  });
});

describe('checkout', () => {
  it('decorates Payment Links, pricing tables and buy buttons, now and added later, keeping the merchant’s own id', async () => {
    document.body.innerHTML = `
      <a id="link" href="https://buy.stripe.com/test_eVa5nPg1j1wmfXq5kr?prefilled_email=a%40b.c">buy</a>
      <a id="merchant" href="https://buy.stripe.com/test_x?client_reference_id=cart_9">mine</a>
      <a id="other" href="https://stripe.com/pricing">not a payment link</a>
      <a id="http" href="http://buy.stripe.com/test_y">not https</a>
      <stripe-pricing-table id="table" pricing-table-id="prctbl_1"></stripe-pricing-table>
      <stripe-buy-button id="kept" client-reference-id="user_7"></stripe-buy-button>`;
    const layer = checkout();
    layer.set(journey('anon_1', [touch('t1', 'alice')]));
    expect($<HTMLAnchorElement>('#link').href).toBe('https://buy.stripe.com/test_eVa5nPg1j1wmfXq5kr?prefilled_email=a%40b.c&client_reference_id=anon_1');
    expect($<HTMLAnchorElement>('#merchant').href).toBe('https://buy.stripe.com/test_x?client_reference_id=cart_9');
    expect($<HTMLAnchorElement>('#other').href).toBe('https://stripe.com/pricing');
    expect($<HTMLAnchorElement>('#http').href).toBe('http://buy.stripe.com/test_y');
    expect($('#table').getAttribute('client-reference-id')).toBe('anon_1');
    expect($('#kept').getAttribute('client-reference-id')).toBe('user_7');

    document.body.insertAdjacentHTML('beforeend', '<div id="later"><stripe-buy-button id="button"></stripe-buy-button><a id="link2" href="https://buy.stripe.com/test_z">pay</a></div>');
    await settled();
    expect($('#button').getAttribute('client-reference-id')).toBe('anon_1');
    expect($<HTMLAnchorElement>('#link2').href).toBe('https://buy.stripe.com/test_z?client_reference_id=anon_1');

    // A re-render that puts back the bare link is decorated again.
    $('#link2').setAttribute('href', 'https://buy.stripe.com/test_z2');
    await settled();
    expect($<HTMLAnchorElement>('#link2').href).toBe('https://buy.stripe.com/test_z2?client_reference_id=anon_1');
  });

  it('fills a form’s hidden fields and keeps them current, leaving the merchant’s own field and other forms alone', async () => {
    document.body.innerHTML = `
      <form id="signup" data-reftrace action="/signup" method="post"><input name="email" value="a@b.c"></form>
      <form id="own" data-reftrace><input type="hidden" name="reftrace_ref" value="house"></form>
      <form id="plain"><input name="q"></form>`;
    const layer = checkout();
    layer.set(journey('anon_1', [touch('t1', 'alice', { subIds: { sub2: 'newsletter' } })]));
    expect(fields('#signup')).toEqual({ email: 'a@b.c', reftrace_referral_id: 'anon_1', reftrace_ref: 'alice', reftrace_sub2: 'newsletter' });
    expect(fields('#own')).toEqual({ reftrace_ref: 'house', reftrace_referral_id: 'anon_1', reftrace_sub2: 'newsletter' });
    expect(fields('#plain')).toEqual({ q: '' });

    // A new partner click without sub-ids: the stale sub-id goes.
    layer.set(journey('anon_1', [touch('t1', 'alice', { subIds: { sub2: 'newsletter' } }), touch('t2', 'bob', { ts: now })]));
    expect(fields('#signup')).toEqual({ email: 'a@b.c', reftrace_referral_id: 'anon_1', reftrace_ref: 'bob' });

    // A form rendered later, and one that opts in later.
    document.body.insertAdjacentHTML('beforeend', '<form id="late" data-reftrace></form>');
    $('#plain').setAttribute('data-reftrace', '');
    await settled();
    expect(fields('#late')).toEqual({ reftrace_referral_id: 'anon_1', reftrace_ref: 'bob' });
    expect(fields('#plain')).toEqual({ q: '', reftrace_referral_id: 'anon_1', reftrace_ref: 'bob' });
    expect(FORM_FIELDS).toEqual(['reftrace_referral_id', 'reftrace_ref', 'reftrace_sub1', 'reftrace_sub2', 'reftrace_sub3', 'reftrace_sub4', 'reftrace_sub5']);
  });

  it('takes back what it added when the journey is erased (consent withdrawn, reset), then follows the new identity', async () => {
    document.body.innerHTML = `
      <a id="link" href="https://buy.stripe.com/test_a">buy</a>
      <a id="merchant" href="https://buy.stripe.com/test_b?client_reference_id=cart_9">mine</a>
      <stripe-pricing-table id="table"></stripe-pricing-table>
      <form id="form" data-reftrace><input name="reftrace_referral_id" value="merchant"></form>
      <form id="form2" data-reftrace></form>`;
    const layer = checkout();
    layer.set(journey('first', [touch('t1', 'alice')]));
    layer.del();
    expect($<HTMLAnchorElement>('#link').href).toBe('https://buy.stripe.com/test_a');
    expect($<HTMLAnchorElement>('#merchant').href).toBe('https://buy.stripe.com/test_b?client_reference_id=cart_9');
    expect($('#table').hasAttribute('client-reference-id')).toBe(false);
    expect(fields('#form')).toEqual({ reftrace_referral_id: 'merchant' });
    expect(fields('#form2')).toEqual({});
    // Nothing is watched any more.
    document.body.insertAdjacentHTML('beforeend', '<stripe-buy-button id="later"></stripe-buy-button>');
    await settled();
    expect($('#later').hasAttribute('client-reference-id')).toBe(false);

    layer.set(journey('second'));
    expect($<HTMLAnchorElement>('#link').href).toBe('https://buy.stripe.com/test_a?client_reference_id=second');
    expect($('#later').getAttribute('client-reference-id')).toBe('second');
    expect(fields('#form2')).toEqual({ reftrace_referral_id: 'second' });
  });

  it('never throws into the page', () => {
    document.body.innerHTML = `<a id="bad" href="https://[::1">x</a><svg><a href="https://buy.stripe.com/test_svg"><text>svg</text></a></svg>`;
    expect(() => checkout().set(journey('anon_1'))).not.toThrow();
  });
});

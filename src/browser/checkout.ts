import { award, type AwardOptions } from '../attribution/award';
import { SUB_IDS } from '../capture/sub-ids';
import { STRIPE_SAFE } from '../events/referral-id';
import type { Layer } from '../store/journey-store';
import type { Journey } from '../types';

export interface CheckoutOptions {
  /** The tracker's window, in days, for the partner a form's `reftrace_ref` names. Default 30. */
  windowDays?: number;
  /** The tracker's award rules, so the form names the partner a conversion would pay. */
  award?: AwardOptions;
}


/** The hidden fields a `<form data-reftrace>` gets. */
export const FORM_FIELDS = ['reftrace_referral_id', 'reftrace_ref', ...SUB_IDS.map((k) => 'reftrace_' + k)];

const PAYMENT_LINK_HOST = 'buy.stripe.com';
const PARAM = 'client_reference_id';
const ATTRIBUTE = 'client-reference-id';
// Only links that may be Payment Links are parsed: a page's other thousand links cost a selector match.
const SELECTOR = `a[href*="${PAYMENT_LINK_HOST}" i],area[href*="${PAYMENT_LINK_HOST}" i],stripe-pricing-table,stripe-buy-button,form[data-reftrace]`;

/** The fields for a journey: its referral id, and the partner (and sub-ids) a conversion now would pay. */
export const checkoutFields = (journey: Journey, { windowDays = 30, award: rules }: CheckoutOptions = {}): Record<string, string> | undefined => {
  // Every anonymous id reftrace makes is a nanoid, so this only refuses a hand-edited cookie.
  if (!STRIPE_SAFE.test(journey.anonymousId)) return;
  const won = award(journey.touchpoints, { ts: Date.now(), amount: 0 }, { windowDays, ...rules });
  const subIds = journey.touchpoints.find((t) => t.id == won.touchpointId)?.subIds || {};
  const fields: Record<string, string> = { reftrace_referral_id: journey.anonymousId };
  if (won.ref) fields.reftrace_ref = won.ref;
  for (const key of SUB_IDS) if (subIds[key]) fields['reftrace_' + key] = subIds[key]!;
  return fields;
};

/**
 * Hands the referral to checkout: Stripe Payment Links (`https://buy.stripe.com/…`) get
 * `client_reference_id`, `<stripe-pricing-table>` and `<stripe-buy-button>` the
 * `client-reference-id` attribute, and every `<form data-reftrace>` hidden fields
 * (`FORM_FIELDS`), on the page now and added later, kept current as the journey changes. A value
 * the merchant set is never overwritten. Plug it in as a storage layer: the tracker saves only
 * with consent, so nothing is decorated while consent is pending or denied, and withdrawing it or
 * `reset` removes what was added.
 */
export const checkout = (options: CheckoutOptions = {}): Layer => {
  let fields: Record<string, string> | undefined;
  // What this layer wrote, per element: a different value there is the merchant's.
  const written = new WeakMap<Element, string>();
  const made = new WeakSet<Element>();
  let observer: MutationObserver | undefined;

  // One value on one element: written when absent or ours, removed (when ours) once there is none.
  const stamp = (el: Element, current: string | null, write: (value: string | null) => void) => {
    const mine = written.get(el);
    if (current != null && current != mine) return;
    const value = fields?.reftrace_referral_id;
    if (value) written.set(el, value);
    else written.delete(el);
    if ((value || null) != current) write(value || null);
  };

  const link = (a: HTMLAnchorElement) => {
    if (a.protocol != 'https:' || a.hostname != PAYMENT_LINK_HOST) return;
    const url = new URL(a.href);
    stamp(a, url.searchParams.get(PARAM), (value) => {
      value ? url.searchParams.set(PARAM, value) : url.searchParams.delete(PARAM);
      a.href = url.href;
    });
  };

  const form = (el: HTMLFormElement) => {
    for (const name of FORM_FIELDS) {
      const found = el.elements.namedItem(name) as HTMLInputElement | null;
      // The merchant's own field of that name wins.
      if (found && !made.has(found)) continue;
      const value = fields?.[name];
      if (!value) found?.remove();
      else if (found) found.value = value;
      else {
        const input = Object.assign(document.createElement('input'), { type: 'hidden', name, value });
        made.add(input);
        el.appendChild(input);
      }
    }
  };

  const one = (el: Element) => {
    // Never throws into the page: a malformed `href`, an SVG link or a clobbered form is left alone.
    try {
      if (el instanceof HTMLFormElement) el.hasAttribute('data-reftrace') && form(el);
      else if (el instanceof HTMLAnchorElement || el instanceof HTMLAreaElement) link(el as HTMLAnchorElement);
      else if (/^stripe-(pricing-table|buy-button)$/i.test(el.localName)) stamp(el, el.getAttribute(ATTRIBUTE), (v) => (v ? el.setAttribute(ATTRIBUTE, v) : el.removeAttribute(ATTRIBUTE)));
    } catch {}
  };
  const scan = (root: Element | Document) => {
    if (root instanceof Element && root.matches(SELECTOR)) one(root);
    root.querySelectorAll(SELECTOR).forEach(one);
  };

  // Stripe's elements and links are often rendered after load (a framework, a modal): they are
  // decorated as they arrive, and again when a re-render replaces the link or the attribute.
  const watch = (records: MutationRecord[]) => {
    for (const r of records) {
      if (r.type == 'attributes') one(r.target as Element);
      else r.addedNodes.forEach((n) => n instanceof Element && scan(n));
    }
  };

  return {
    get: () => undefined,
    set(journey) {
      fields = checkoutFields(journey, options);
      scan(document);
      if (!observer) {
        observer = new MutationObserver(watch);
        observer.observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['href', ATTRIBUTE, 'data-reftrace'] });
      }
    },
    del() {
      fields = undefined;
      observer?.disconnect();
      observer = undefined;
      scan(document);
    },
  };
};

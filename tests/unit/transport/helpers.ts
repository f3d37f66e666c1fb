import type { WireEvent } from '../../../src/events/event';

let n = 0;

/** A wire event; `pad` characters of payload make it as big as a test needs. */
export const ev = (type: 'track' | 'conversion' = 'track', ts = Date.now(), pad = 0): WireEvent =>
  ({
    id: 'ev' + ++n,
    type,
    ts,
    anonymousId: 'anon',
    context: { page: '/', library: { name: 'reftrace', version: '0' } },
    ...(type == 'track' ? { name: 'x', properties: { pad: 'p'.repeat(pad) } } : { conversion: { type: 'purchase', amount: 1, currency: 'USD', pad: 'p'.repeat(pad) } }),
  }) as unknown as WireEvent;

/** Lets queued promise callbacks (and their IndexedDB/localStorage hops) run. */
export const settle = async (rounds = 20) => {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
};

/**
 * Makes localStorage fail the way browsers do, whichever way the code touches it (methods or
 * properties): `full`, every write throws QuotaExceededError; `blocked`, reaching localStorage at
 * all throws SecurityError. Returns the undo.
 */
export const breakStorage = (how: 'full' | 'blocked'): (() => void) => {
  const real = localStorage;
  const own = Object.getOwnPropertyDescriptor(window, 'localStorage');
  const quota = () => {
    throw new DOMException('full', 'QuotaExceededError');
  };
  const full = new Proxy(real, {
    get: (t, k) => (k == 'setItem' ? quota : typeof (t as any)[k] == 'function' ? (t as any)[k].bind(t) : Reflect.get(t, k)),
    set: quota,
    deleteProperty: quota,
  });
  Object.defineProperty(window, 'localStorage', {
    configurable: true,
    get: () => (how == 'full' ? full : quota()),
  });
  return () => (own ? Object.defineProperty(window, 'localStorage', own) : delete (window as any).localStorage);
};

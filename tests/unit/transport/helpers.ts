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

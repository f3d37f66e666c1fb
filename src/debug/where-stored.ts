import { COOKIE } from '../store/codec';
import { cookieLayer, idbLayer, localLayer, type Layer } from '../store/journey-store';
import type { Journey } from '../types';

/**
 * Which storage layers hold the journey, read one by one (the tracker reads their union, so a
 * missing layer cannot be seen from it): the built-in three, then the opt-in ones in the order
 * given. Only `get` is called, so the check writes nothing.
 */
export const whereStored = async (journey: Journey, extra: Layer[] = []): Promise<string> => {
  const layers: [string, Layer][] = [
    [`cookie ${COOKIE}`, cookieLayer('', 0)],
    ['IndexedDB', idbLayer(0)],
    ['localStorage', localLayer],
    ...extra.map((layer, i): [string, Layer] => [`opt-in layer ${i + 1}`, layer]),
  ];
  const states = await Promise.all(
    layers.map(async ([name, layer]) => {
      try {
        const held = await layer.get();
        return `${name} ${!held ? 'empty' : held.anonymousId == journey.anonymousId ? 'holds it' : `holds another visitor (${held.anonymousId})`}`;
      } catch (e) {
        return `${name} unreadable (${(e as Error)?.message || e})`;
      }
    }),
  );
  const partners = [...new Set(journey.touchpoints.map((t) => t.ref).filter(Boolean))];
  return (
    `journey of visitor ${journey.anonymousId}${journey.userId ? ` (user "${journey.userId}")` : ''}: ` +
    `${journey.touchpoints.length} touch${journey.touchpoints.length == 1 ? '' : 'es'}` +
    (partners.length ? ` (partners ${partners.map((p) => `"${p}"`).join(', ')})` : '') +
    (journey.test ? ', a test journey (a test link was followed; reset ends it)' : '') +
    `. Stored in: ${states.join('; ')}`
  );
};

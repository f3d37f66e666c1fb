import { pixelHandler, type WireEvent } from 'reftrace/server';
import { collectorUrl } from '../../collector';

// Forwards each event to the collector; a refusal goes to `onError`, and the GIF is still served.
const forward = async (event: WireEvent) => {
  const response = await fetch(collectorUrl(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([event]) });
  if (!response.ok) throw Error(`collector answered ${response.status}`);
};

// The tracking pixel for visitors without JavaScript: <img src="/api/px?order=…&amount=…&currency=…">.
export const GET = pixelHandler({ onEvent: forward, onError: (error) => console.warn('reftrace pixel:', error.message) });

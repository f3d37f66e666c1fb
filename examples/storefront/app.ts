// A storefront app that bundles reftrace from npm and picks its own attribution model.
import { createTracker, positionBased } from 'reftrace';

declare const COLLECTOR: string;

const tracker = createTracker({ endpoint: COLLECTOR, model: positionBased({ first: 0.4, last: 0.4 }), debug: true });

tracker.ready.then(() => {
  const last = tracker.touchpoints().at(-1);
  document.getElementById('ref')!.textContent = last?.ref ?? 'none';
});

document.getElementById('buy')!.addEventListener('click', async () => {
  try {
    const event = await tracker.convert({ orderId: 'S-' + Date.now(), amount: '12.50', currency: 'EUR', type: 'purchase' });
    document.getElementById('out')!.textContent = JSON.stringify(event?.attribution, null, 2);
  } catch (error) {
    document.getElementById('out')!.textContent = String(error);
  }
});

// reftrace from npm, used like the peers: a tracker (which captures the landing) and a conversion.
import { createTracker } from '../../../dist/index.js';

createTracker({ endpoint: 'https://collect.example/e' }).convert({ orderId: 'A-1', amount: '49.99', currency: 'USD' });

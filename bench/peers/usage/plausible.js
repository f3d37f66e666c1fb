// Minimal realistic use: set up, then one custom event (a page view is sent by init).
import { init, track } from '@plausible-analytics/tracker';

init({ domain: 'shop.example', endpoint: 'https://collect.example/api/event' });
track('signup', { props: { plan: 'pro' } });

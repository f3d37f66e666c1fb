// Plausible from npm: init (which sends the page view) and one custom event, to the bench's collector.
import { init, track } from '@plausible-analytics/tracker';

init({ domain: 'shop.test', endpoint: location.origin + '/collect' });
track('signup', { props: { plan: 'pro' } });

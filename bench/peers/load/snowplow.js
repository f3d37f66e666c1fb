// Snowplow from npm: a tracker, a page view and one event, to the bench's collector.
import { newTracker, trackPageView, trackStructEvent } from '@snowplow/browser-tracker';

newTracker('sp', location.origin, { appId: 'shop' });
trackPageView();
trackStructEvent({ category: 'account', action: 'signup', label: 'pro' });

// Minimal realistic use: a tracker, a page view and one event.
import { newTracker, trackPageView, trackStructEvent } from '@snowplow/browser-tracker';

newTracker('sp', 'https://collect.example', { appId: 'shop' });
trackPageView();
trackStructEvent({ category: 'account', action: 'signup', label: 'pro' });

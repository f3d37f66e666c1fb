// Dub's loader as @dub/analytics ships it: `inject()` defines the `dubAnalytics` queue stub and
// appends a deferred <script> from Dub's CDN; then one lead is queued. The CDN script itself is
// not on npm and the CDN is unreachable here: bench/load.mjs points `src` at an empty local file.
import { inject } from '@dub/analytics';

inject({ publishableKey: 'dub_pk_bench', domainsConfig: { refer: 'refer.shop.test' }, scriptProps: { src: '/peer/dub-cdn-script.js' } });
window.dubAnalytics.trackLead({ eventName: 'Sign up', customerExternalId: 'u-1' });

import { stripeWebhook } from '../../../../stripe/webhook';
import { collectorUrl } from '../../collector';

// Stripe's webhook (examples/stripe): a paid Checkout Session becomes the server-side conversion
// of the visitor whose referral id the page put in `client_reference_id`, which the collector
// credits from the journey it holds. Made per request: the signing secret and the collector's URL
// are read from the environment at run time, like the pixel's.
export const POST = (request: Request) => stripeWebhook({ secret: process.env.STRIPE_WEBHOOK_SECRET ?? '', endpoint: collectorUrl() })(request);

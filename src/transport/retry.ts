/**
 * Delay before retry number `attempt + 1`: exponential backoff with full jitter, uniform in
 * [0, min(cap, base · 2^attempt)), so that many browsers failing together do not retry together.
 */
export const backoff = (attempt: number, random = Math.random, base = 1e3, cap = 36e5): number =>
  random() * Math.min(cap, base * 2 ** attempt);

/** The furthest ahead a retry is ever scheduled: a day, well inside the outbox's 7-day expiry. */
export const MAX_WAIT = 864e5;

/**
 * A `Retry-After` value (delay-seconds or HTTP-date) as milliseconds from `now`; 0 when absent or
 * unreadable; at most `MAX_WAIT`, so a misconfigured header cannot park an event until it expires.
 */
export const retryAfter = (value?: string | null, now = Date.now()): number =>
  Math.min(MAX_WAIT, Math.max(0, (value && (+value * 1e3 || Date.parse(value) - now)) || 0));

/**
 * Network error or timeout (0), a redirect (3xx: not a delivery; kept until the endpoint is set
 * to where it leads), 408, 429 and 5xx may succeed later; any other failure will not.
 */
export const retryable = (status: number): boolean => status < 200 || (status > 299 && status < 400) || status == 408 || status == 429 || status > 499;

/*
 * The rule for personal data and secrets (docs/storage.md): no value that looks like an e-mail
 * address or a long secret token is kept. Capture keeps only tracking parameters, but a path
 * (`/u/jane@example.com`, `/password/reset/<token>`) and the values of the parameters it keeps
 * (an e-mail address in `utm_source`) can still carry them.
 */

// An e-mail address: its `@` raw, or percent-encoded once or twice.
const EMAIL = /[\w.+-](@|%(25)?40)[\w-]+(\.[\w-]+)*\.[a-z]{2,}/i;
const UUID = /[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}/i;

/** True when `value` holds an e-mail address. */
export const hasEmail = (value: string): boolean => EMAIL.test(value);

/**
 * True for a UUID, or a run of 20 or more letters and digits that mixes both: hex digests,
 * base64 reset tokens, JWTs. Words and slugs (`running-shoes-2024`) have no such run.
 */
const hasToken = (value: string): boolean =>
  UUID.test(value) || (value.match(/[a-z\d]{20,}/gi) || []).some((run) => /\d/.test(run) && /[a-z]/i.test(run));

/** The path with each segment that holds an e-mail address or a secret token replaced by `:redacted`. */
export const redactPath = (path: string): string =>
  path
    .split('/')
    .map((segment) => (hasEmail(segment) || hasToken(segment) ? ':redacted' : segment))
    .join('/');

/** A stored landing (`path?query`) under the same rule: the path redacted, parameters holding an e-mail address dropped. */
export const scrubLanding = (landing: string): string => {
  const at = landing.indexOf('?');
  const kept = new URLSearchParams();
  new URLSearchParams(at < 0 ? '' : landing.slice(at + 1)).forEach((v, k) => hasEmail(v) || kept.append(k, v));
  const qs = kept + '';
  return redactPath(at < 0 ? landing : landing.slice(0, at)) + (qs && '?' + qs);
};

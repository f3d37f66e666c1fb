/*
 * The rule for personal data and secrets (docs/storage.md): no value that looks like an e-mail
 * address or a long secret token is kept. Capture keeps only tracking parameters, but a path
 * (`/u/jane@example.com`, `/password/reset/<token>`) and the values of the parameters it keeps
 * (an e-mail address in `utm_source`) can still carry them.
 */

// An e-mail address: its `@` raw, or percent-encoded once or twice.
const EMAIL = /[\w.+-](@|%(25)?40)[\w-]+(\.[\w-]+)*\.[a-z]{2,}/i;
// A secret token: 20 or more letters and digits in a row, mixing both (hex digests, base64 reset
// tokens, JWTs), or a UUID. Words and slugs (`running-shoes-2024`) have no such run.
const TOKEN = /(?=[a-z\d]*\d)(?=[a-z\d]*[a-z])[a-z\d]{20,}|[\da-f]{8}(-[\da-f]{4}){3}-[\da-f]{12}/i;

/** True when `value` holds an e-mail address. */
export const hasEmail = (value: string): boolean => EMAIL.test(value);

/** The path with each segment that holds an e-mail address or a secret token replaced by `:redacted`. */
export const redactPath = (path: string): string => path.replace(/[^/]+/g, (segment) => (hasEmail(segment) || TOKEN.test(segment) ? ':redacted' : segment));

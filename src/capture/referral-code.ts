/**
 * A referral code is 1–64 Unicode letters, digits or `-_.~`. Anything else (markup, URLs,
 * e-mail addresses, over-long strings) is not a partner code and is never stored or sent.
 */
const CODE = /^[\p{L}\p{N}\-_.~]{1,64}$/u;

export const isReferralCode = (value: string): boolean => CODE.test(value);

/** The query parameters that carry a referral code by default, in order of preference. */
export const REF_PARAMS = ['ref', 'via', 'aff', 'referral', 'partner'];

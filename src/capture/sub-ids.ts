/** A partner's own tags on a link (which video, which newsletter), `sub1` to `sub5`. */
export type SubIdKey = 'sub1' | 'sub2' | 'sub3' | 'sub4' | 'sub5';
export type SubIds = Partial<Record<SubIdKey, string>>;

/** The canonical sub-id parameters, read on every landing. */
export const SUB_IDS: SubIdKey[] = ['sub1', 'sub2', 'sub3', 'sub4', 'sub5'];

/*
 * A sub-id is a partner's free-form tag, so any printable text up to 100 characters passes; a
 * control character means a damaged or hostile value, and an `@` an e-mail address, which is
 * personal data and never a tag.
 */
const SUB_ID = /^[^\p{Cc}@]{1,100}$/u;

export const isSubId = (value: unknown): value is string => typeof value == 'string' && SUB_ID.test(value);

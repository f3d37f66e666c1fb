export interface Period {
  /** Inclusive, epoch ms. */
  from: number;
  /** Exclusive, epoch ms. */
  to: number;
}

const DAY = 864e5;

/**
 * One end of a period: epoch ms, a date (`2026-12-01`, UTC; as `to`, the whole day is
 * included), or an ISO date-time. NaN when it is none of these.
 */
const parseTime = (text: string, end: boolean): number => {
  if (/^\d{1,15}$/.test(text)) return +text;
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return Date.parse(text + 'T00:00:00Z') + (end ? DAY : 0);
  return /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : NaN;
};

/** `from`/`to` query parameters as a period (default: all time), or an error message. */
export const parsePeriod = (from: string | undefined, to: string | undefined): Period | string => {
  const period = { from: from ? parseTime(from, false) : 0, to: to ? parseTime(to, true) : Number.MAX_SAFE_INTEGER };
  if (Number.isNaN(period.from)) return `from: expected epoch ms, YYYY-MM-DD or an ISO date-time, got "${from}"`;
  if (Number.isNaN(period.to)) return `to: expected epoch ms, YYYY-MM-DD or an ISO date-time, got "${to}"`;
  return period;
};

// The period a page shows: the last 7, 30 or 90 days, or a custom range of whole UTC days. Days are
// UTC so that the dashboard, the API and the CSV agree whoever looks at them.

export interface Period {
  /** `7d`, `30d`, `90d` or `custom`. */
  key: string;
  /** First day, `YYYY-MM-DD`. */
  from: string;
  /** Last day, `YYYY-MM-DD`, inclusive. */
  to: string;
  /** Start of `from`, inclusive, and end of `to`, exclusive, as ISO timestamps for the API. */
  start: string;
  end: string;
  /** Why a custom range was refused (the default period is shown instead). */
  error?: string;
}

export const PRESETS = ['7d', '30d', '90d'] as const;
const DAY = 86_400_000;
/** Longer ranges are refused: a daily chart of more than three years says nothing. */
const MAX_DAYS = 1_100;

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const parseDay = (s: string | undefined): number | undefined => {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return undefined;
  const ms = Date.parse(s + 'T00:00:00Z');
  return Number.isNaN(ms) || day(ms) != s ? undefined : ms;
};

const range = (key: string, first: number, last: number, error?: string): Period => ({
  key,
  from: day(first),
  to: day(last),
  start: new Date(first).toISOString(),
  end: new Date(last + DAY).toISOString(),
  ...(error ? { error } : {}),
});

/** The period asked for by `?period=` (and `from`, `to` for `custom`), ending today (`now`'s UTC day). */
export const parsePeriod = (q: { period?: string; from?: string; to?: string }, now = Date.now()): Period => {
  const today = Math.floor(now / DAY) * DAY;
  const preset = (n: number, error?: string) => range(n + 'd', today - (n - 1) * DAY, today, error);
  const key = q.period ?? (q.from || q.to ? 'custom' : '30d');
  if (key != 'custom') return preset((PRESETS as readonly string[]).includes(key) ? parseInt(key) : 30);
  const from = parseDay(q.from), to = parseDay(q.to);
  if (from == null || to == null) return preset(30, 'Enter both dates as YYYY-MM-DD.');
  if (from > to) return preset(30, 'The first day is after the last day.');
  if ((to - from) / DAY >= MAX_DAYS) return preset(30, `A range is at most ${MAX_DAYS} days.`);
  return range('custom', from, to);
};

/** Every day of the period, `YYYY-MM-DD`, in order: the chart's x axis, with no gaps. */
export const days = (p: Period): string[] => {
  const out: string[] = [];
  for (let ms = Date.parse(p.start); ms < Date.parse(p.end); ms += DAY) out.push(day(ms));
  return out;
};

/** The period as query parameters, for links that keep it. */
export const periodParams = (p: Period): Record<string, string> => (p.key == 'custom' ? { from: p.from, to: p.to } : { period: p.key });

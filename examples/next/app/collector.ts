/**
 * The collector's ingest URL (`reftrace-collector` serves it at `/e`), read from the environment
 * at request time, so one build runs against any collector.
 */
export const collectorUrl = (): string => {
  const url = process.env.REFTRACE_COLLECTOR;
  if (!url) throw Error('Set REFTRACE_COLLECTOR to the collector’s ingest URL, e.g. http://localhost:8788/e');
  return url;
};

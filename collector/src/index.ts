// reftrace-collector: the reference collector for reftrace, as a library.
export { createCollector, type Collector, type CollectorOptions } from './collector.js';
export { startCollector, type RunningCollector, type ServerOptions } from './server.js';
export type { Ingest, IngestMeta, IngestResult } from './ingest/ingest.js';
export type { Database, Queryable, Transaction } from './storage/database.js';
export { openDatabase, type OpenOptions } from './storage/open.js';
export { parseRules, loadRules, type Rules, type CommissionRules, type Rate } from './rules/rules.js';
export { toMajor } from './money/major.js';

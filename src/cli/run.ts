import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { PLATFORMS, type Platform } from '../links/platforms';
import { buildShareLink, type ShareLinkOptions } from '../links/share-link';
import { qrSvg } from '../links/qr';
import { SUB_IDS, type SubIds } from '../capture/sub-ids';

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

const USAGE = `Usage:
  reftrace link <target> --ref <code> [--param ref] [--sub1 …--sub5 …] [--platform x]
                [--utm-source …] [--utm-medium …] [--utm-campaign …] [--utm-term …] [--utm-content …]
                [--qr file.svg] [--ecc L|M|Q|H]
      prints the partner's share link (and writes its QR code)
  reftrace links --csv partners.csv --target <url> --out <dir> [--param ref] [--platforms copy,x,email] [--ecc M]
      for every row (columns: code, and optionally sub1…sub5, platforms, target) writes <dir>/links.csv
      and a QR code per link; bad rows are reported with their line number and skipped

Platforms: ${Object.keys(PLATFORMS).join(', ')}`;

const ECC = ['L', 'M', 'Q', 'H'] as const;

const ecc = (value: string | undefined) => {
  const level = (value || 'M').toUpperCase() as (typeof ECC)[number];
  if (!ECC.includes(level)) throw TypeError(`reftrace: --ecc must be L, M, Q or H: "${value}"`);
  return level;
};

const list = (value: string | undefined): string[] => (value || '').split(/[\s,;|]+/).filter(Boolean);

const platformsOf = (names: string[]): Platform[] =>
  names.map((name) => (name in PLATFORMS ? (name as Platform) : (() => { throw TypeError(`reftrace: unknown platform: "${name}"`); })()));

/*
 * The line a record starts on. csv-parse counts the line a record ends on, and its raw text
 * carries the empty lines skipped before it; a record that parsed ends before its line break, one
 * that failed (an unclosed quote) after it.
 */
const startLine = (lines: number, raw = '', failed = false): number => {
  const text = raw.replace(/^[\r\n]+/, '');
  return lines - ((failed ? text : text.replace(/\r?\n$/, '')).match(/\n/g) || []).length;
};

const field = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

const link = (positionals: string[], values: Record<string, string | undefined>, io: Io): number => {
  const [target, ...extra] = positionals;
  if (!target || extra.length) throw TypeError('reftrace: link needs exactly one target URL');
  const subIds: SubIds = {};
  for (const k of SUB_IDS) if (values[k] != null) subIds[k] = values[k];
  const utm: ShareLinkOptions['utm'] = {};
  for (const k of ['source', 'medium', 'campaign', 'term', 'content'] as const) if (values['utm-' + k] != null) utm[k] = values['utm-' + k];
  const level = ecc(values.ecc);
  const url = buildShareLink(target, { ref: values.ref!, param: values.param, subIds, utm, platform: values.platform as Platform | undefined });
  if (values.qr) {
    writeFileSync(values.qr, qrSvg(url, { ecc: level }));
    io.err(`QR code written to ${values.qr}`);
  }
  io.out(url);
  return 0;
};

const links = (values: Record<string, string | undefined>, io: Io): number => {
  const { csv, out } = values;
  if (!csv || !out) throw TypeError('reftrace: links needs --csv <file> and --out <dir>');
  const level = ecc(values.ecc);
  const defaults = platformsOf(list(values.platforms || 'copy'));
  const problems: string[] = [];
  const rows: { record: Record<string, string>; info: { lines: number }; raw: string }[] = parse(readFileSync(csv), {
    bom: true,
    columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
    info: true,
    raw: true,
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
    skip_records_with_error: true,
    // CsvError carries the parser's position (`lines`) without declaring it.
    on_skip: (error, raw) => void problems.push(`line ${startLine((error as unknown as { lines: number }).lines, raw, true)}: reftrace: ${error?.message}`),
  });
  const unknown = Object.keys(rows[0]?.record || {}).filter((c) => !['code', 'platforms', 'target', ...SUB_IDS].includes(c));
  if (unknown.length) throw TypeError(`reftrace: unknown column(s) ${unknown.join(', ')} (code, sub1…sub5, platforms, target)`);
  mkdirSync(out, { recursive: true });
  const written = [['code', 'platform', 'link', 'qr'].join(',')];
  for (const { record, info, raw } of rows)
    try {
      const subIds: SubIds = {};
      for (const k of SUB_IDS) if (record[k]) subIds[k] = record[k];
      const platforms = record.platforms ? platformsOf(list(record.platforms)) : defaults;
      const target = record.target || values.target || ((): never => { throw TypeError('reftrace: no target (--target, or a target column)'); })();
      // Every link of the row is built before any is written: a row is written whole or not at all.
      const built = platforms.map((platform) => {
        const url = buildShareLink(target, { ref: record.code, param: values.param, subIds, platform });
        return { platform, url, svg: qrSvg(url, { ecc: level }), file: `${record.code}-${platform}.svg` };
      });
      for (const { platform, url, svg, file } of built) {
        writeFileSync(join(out, file), svg);
        written.push([record.code, platform, url, file].map(field).join(','));
      }
    } catch (error) {
      problems.push(`line ${startLine(info.lines, raw)}: ${(error as Error).message}`);
    }
  writeFileSync(join(out, 'links.csv'), written.join('\n') + '\n');
  for (const problem of problems) io.err(problem);
  io.out(`${written.length - 1} links written to ${join(out, 'links.csv')}${problems.length ? `; ${problems.length} row(s) skipped` : ''}`);
  return problems.length ? 1 : 0;
};

/** Runs the CLI on `args` (without `node` and the script); the exit code: 0 done, 1 rows skipped, 2 a usage error. */
export const run = (args: string[], io: Io): number => {
  const [command, ...rest] = args;
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        ref: { type: 'string' },
        param: { type: 'string' },
        platform: { type: 'string' },
        platforms: { type: 'string' },
        qr: { type: 'string' },
        ecc: { type: 'string' },
        csv: { type: 'string' },
        target: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        ...Object.fromEntries([...SUB_IDS, 'utm-source', 'utm-medium', 'utm-campaign', 'utm-term', 'utm-content'].map((k) => [k, { type: 'string' as const }])),
      },
    });
    if (values.help || !command || command == 'help' || command == '--help' || command == '-h') return io.out(USAGE), 0;
    const strings = values as Record<string, string | undefined>;
    if (command == 'link') return link(positionals, strings, io);
    if (command == 'links') return links(strings, io);
    throw TypeError(`reftrace: unknown command "${command}"`);
  } catch (error) {
    io.err((error as Error).message.replace(/^(?!reftrace: )/, 'reftrace: '));
    io.err(USAGE);
    return 2;
  }
};

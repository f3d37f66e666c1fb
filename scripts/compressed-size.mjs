// Bytes as a browser fetches them: raw, gzip and brotli with @size-limit/file's settings (gzip
// level 9, brotli quality 11), so a figure printed here equals `npm run size`'s for that file.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export const brotliSize = (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

export function sizes(code) {
  const bytes = Buffer.from(code);
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, brotli: brotliSize(bytes) };
}

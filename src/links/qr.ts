// `reftrace/qr`: a share link as a QR code. The encoder (uqr) is bundled into this entry at
// build time, so the SDK keeps its two runtime dependencies and nothing else pays for it.
import { encode } from 'uqr';

export interface QrOptions {
  /** Error correction: `L` 7 %, `M` 15 % (default), `Q` 25 %, `H` 30 % of the code may be damaged. */
  ecc?: 'L' | 'M' | 'Q' | 'H';
  /** Quiet zone in modules; scanners need 4 (the default) on a busy background. */
  margin?: number;
  /** Module colour. Default `#000`. */
  color?: string;
  /** Background colour, or `none`. Default `#fff`. */
  background?: string;
}

const COLOR = /^(#[\da-f]{3,8}|[a-z]+)$/i;

/**
 * The link as a QR code: an SVG string (one path, scaled by its `viewBox`: set `width` in CSS).
 * Throws a `TypeError` for an empty or non-string text, a bad option, or text too long for any
 * QR version.
 */
export const qrSvg = (link: string, { ecc = 'M', margin = 4, color = '#000', background = '#fff' }: QrOptions = {}): string => {
  if (typeof link != 'string' || !link) throw TypeError('reftrace: qrSvg needs the link as a string');
  if (!'LMQH'.includes(ecc) || ecc.length != 1) throw TypeError(`reftrace: ecc must be L, M, Q or H: "${ecc}"`);
  if (!Number.isInteger(margin) || margin < 0 || margin > 16) throw TypeError(`reftrace: margin must be an integer from 0 to 16: "${margin}"`);
  if (!COLOR.test(color) || !COLOR.test(background)) throw TypeError('reftrace: colours are #hex or a CSS colour name');
  let modules: boolean[][];
  try {
    ({ data: modules } = encode(link, { ecc, border: margin }));
  } catch (error) {
    throw TypeError(`reftrace: too long for a QR code (${link.length} characters)`, { cause: error });
  }
  const size = modules.length;
  // One subpath per horizontal run of dark modules.
  let path = '';
  modules.forEach((row, y) => {
    for (let x = 0; x < size; x++) {
      if (!row[x]) continue;
      let end = x;
      while (row[end + 1]) end++;
      path += `M${x} ${y}h${end - x + 1}v1H${x}z`;
      x = end;
    }
  });
  const fill = background == 'none' ? '' : `<rect width="${size}" height="${size}" fill="${background}"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges">${fill}<path fill="${color}" d="${path}"/></svg>`;
};

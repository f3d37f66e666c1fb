import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { buildShareLink } from '../../../src/links';
import { qrSvg } from '../../../src/links/qr';

// Rasterizes the SVG's runs (`M x y h w v1 H x z`) at `scale` pixels a module, as RGBA for jsQR.
const decode = (svg: string, scale = 4) => {
  const size = +/viewBox="0 0 (\d+) \1"/.exec(svg)![1];
  const width = size * scale;
  const pixels = new Uint8ClampedArray(width * width * 4).fill(255);
  for (const [, x, y, w] of svg.matchAll(/M(\d+) (\d+)h(\d+)v1H\d+z/g))
    for (let py = +y * scale; py < (+y + 1) * scale; py++)
      for (let px = +x * scale; px < (+x + +w) * scale; px++) pixels.fill(0, (py * width + px) * 4, (py * width + px) * 4 + 3);
  return jsQR(pixels, width, width)?.data;
};

describe('qrSvg', () => {
  const link = buildShareLink('https://shop.example/p/été?color=red#top', { ref: 'alice', subIds: { sub1: 'flyer' }, platform: 'qr' });

  it.each(['L', 'M', 'Q', 'H'] as const)('encodes a link that a QR reader decodes back (ecc %s)', (ecc) => {
    const svg = qrSvg(link, { ecc });
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 \d+ \d+" shape-rendering="crispEdges"><rect [^>]+\/><path fill="#000" d="[^"]+"\/><\/svg>$/);
    expect(decode(svg)).toBe(link);
  });

  it('grows with the error-correction level and the margin', () => {
    const size = (svg: string) => +/viewBox="0 0 (\d+)/.exec(svg)![1];
    expect(size(qrSvg(link, { ecc: 'H' }))).toBeGreaterThan(size(qrSvg(link, { ecc: 'L' })));
    expect(size(qrSvg(link, { margin: 0 }))).toBe(size(qrSvg(link)) - 8);
    expect(qrSvg(link, { background: 'none', color: '#123456' })).toMatch(/viewBox="[^"]+" shape-rendering="crispEdges"><path fill="#123456"/);
  });

  it.each([
    ['', {}, 'reftrace: qrSvg needs the link as a string'],
    [42, {}, 'reftrace: qrSvg needs the link as a string'],
    ['x', { ecc: 'X' }, 'reftrace: ecc must be L, M, Q or H: "X"'],
    ['x', { ecc: 'LM' }, 'reftrace: ecc must be L, M, Q or H'],
    ['x', { margin: -1 }, 'reftrace: margin must be an integer from 0 to 16'],
    ['x', { margin: 1.5 }, 'reftrace: margin must be an integer'],
    ['x', { color: '"/><script>' }, 'reftrace: colours are #hex or a CSS colour name'],
    ['https://x.example/?' + 'a'.repeat(3000), { ecc: 'H' }, 'reftrace: too long for a QR code (3019 characters)'],
  ])('refuses case %#: %s', (_text, _options, message) => {
    expect(() => qrSvg(_text as string, _options as any)).toThrow(TypeError);
    expect(() => qrSvg(_text as string, _options as any)).toThrow(message);
  });
});

// The pages' static files: the stylesheet and scripts in collector/static, and uPlot from its
// package. A fixed list, read once: no path from the request ever reaches the file system.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Hono } from 'hono';

const STATIC = new URL('../../static/', import.meta.url);
const uplot = (file: string) => createRequire(import.meta.url).resolve(`uplot/dist/${file}`);

const FILES: Record<string, [path: string | URL, type: string]> = {
  'dashboard.css': [new URL('dashboard.css', STATIC), 'text/css; charset=utf-8'],
  'chart.js': [new URL('chart.js', STATIC), 'text/javascript; charset=utf-8'],
  'sort.js': [new URL('sort.js', STATIC), 'text/javascript; charset=utf-8'],
  'copy.js': [new URL('copy.js', STATIC), 'text/javascript; charset=utf-8'],
  'uPlot.iife.min.js': [uplot('uPlot.iife.min.js'), 'text/javascript; charset=utf-8'],
  'uPlot.min.css': [uplot('uPlot.min.css'), 'text/css; charset=utf-8'],
};

export const assetRoutes = () => {
  const cache = new Map<string, Buffer>();
  const app = new Hono();
  app.get('/assets/:file', (c) => {
    const name = c.req.param('file');
    const file = Object.hasOwn(FILES, name) ? FILES[name] : undefined;
    if (!file) return c.text('Not found', 404);
    let body = cache.get(name);
    if (!body) cache.set(name, (body = readFileSync(file[0])));
    return c.body(new Uint8Array(body), 200, {
      'content-type': file[1],
      // Names are not fingerprinted: revalidate after five minutes, so an upgrade shows soon.
      'cache-control': 'public, max-age=300',
      'x-content-type-options': 'nosniff',
    });
  });
  return app;
};

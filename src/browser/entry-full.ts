import { serverCookie } from '../store/server-cookie';
import { decorate, type DecorateOptions } from './cross-domain';
import { boot, type ScriptOptions } from './script';

/*
 * The script-tag build with the opt-in layers (dist/reftrace.full.min.js). `init` takes
 * `serverCookie: '/rt'` and `decorate: { domains: [...] }`; the script element
 * `data-server-cookie="/rt"` and `data-decorate="a.com,*.b.com"`. They become `layers`, so the
 * default build carries none of this.
 */
type FullOptions = ScriptOptions & { serverCookie?: string; decorate?: DecorateOptions | string };

boot(({ serverCookie: path, decorate: domains, layers = [], ...options }: FullOptions) => ({
  ...options,
  layers: [
    ...layers,
    ...(path ? [serverCookie(path)] : []),
    ...(domains ? [decorate(typeof domains == 'string' ? { domains: domains.split(/[\s,]+/) } : domains)] : []),
  ],
}));

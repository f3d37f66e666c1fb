import { serverCookie } from '../store/server-cookie';
import { checkout } from './checkout';
import { decorate, type DecorateOptions } from './cross-domain';
import { boot, type ScriptOptions } from './script';

/*
 * The script-tag build with the opt-in layers (dist/reftrace.full.min.js). `init` takes
 * `serverCookie: '/rt'`, `decorate: { domains: [...] }` and `stripe: true`; the script element
 * `data-server-cookie="/rt"`, `data-decorate="a.com,*.b.com"` and `data-stripe`. They become
 * `layers`, so the default build carries none of this.
 */
type FullOptions = ScriptOptions & { serverCookie?: string; decorate?: DecorateOptions | string; stripe?: boolean };

boot(({ serverCookie: path, decorate: domains, stripe, layers = [], ...options }: FullOptions) => ({
  ...options,
  layers: [
    ...layers,
    ...(path ? [serverCookie(path)] : []),
    ...(domains ? [decorate(typeof domains == 'string' ? { domains: domains.split(/[\s,]+/) } : domains)] : []),
    // The form names the partner a conversion would pay under the page's own rules.
    ...(stripe ? [checkout({ windowDays: options.windowDays, award: options.award })] : []),
  ],
}));

// `reftrace/layers`: opt-in storage layers, kept out of the main entry so they cost nothing unless used.
export { decorate, type DecorateOptions } from './browser/cross-domain';
export { serverCookie } from './store/server-cookie';

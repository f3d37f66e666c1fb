// `reftrace/links`: share links for partners. Pure (no DOM, no storage): runs in Node, a
// partner portal or a browser. The QR code is `reftrace/qr`, so that this entry stays small.
export { buildShareLink, parseShareLink, type ParsedShareLink, type ShareLinkOptions, type Utm } from './share-link';
export { PLATFORMS, shareIntent, type Platform } from './platforms';

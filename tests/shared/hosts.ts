// The sites the real-browser tests visit, all served by the one loopback server. Chromium maps
// `*.test` by itself, but both browsers need the list to treat the sites as secure contexts.
export const HOSTS = ['shop.test', 'www.shop.test', 'checkout.shop.test', 'checkout.test', 'collect.test'];

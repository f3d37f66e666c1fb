// How every part of the project starts Debian's Chromium (browser downloads do not work here):
// the binary, and flags that keep a headless run off the network and quiet. The tests and the
// benchmark add the `*.test` host mapping; the demo runs on localhost and needs none.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Every `*.test` host resolves to the loopback server: several sites on one machine. */
export const TEST_HOSTS = '--host-resolver-rules=MAP *.test 127.0.0.1';

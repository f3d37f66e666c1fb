// WebKitGTK has no host-resolver switch like Chromium's `MAP *.test` or Firefox's
// `network.dns.localDomains`, and /etc/hosts would need root on every machine that runs the suite.
// A forward proxy needs neither: MiniBrowser sends every request for `*.test` here, and this sends
// it to the loopback server whatever the host. `https://` pages arrive as CONNECT and are
// TLS-terminated here with a throwaway self-signed certificate (the session accepts it), so pages
// are secure contexts as real shops are: Web Locks, `Secure` cookies.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TLSSocket } from 'node:tls';

/** A key and certificate made for this run, so no private key lives in the repository. */
const throwawayCertificate = () => {
  const dir = mkdtempSync(join(tmpdir(), 'reftrace-webkit-tls-'));
  try {
    const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', '/CN=shop.test', '-keyout', key, '-out', cert], {
      stdio: 'ignore',
    });
    return { key: readFileSync(key), cert: readFileSync(cert) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** Starts the proxy in front of `127.0.0.1:<port>`; resolves with its `http://127.0.0.1:<port>` URL. */
export const startProxy = async (port: number): Promise<{ url: string; close(): Promise<void> }> => {
  const tls = throwawayCertificate();
  const sockets = new Set<Socket>();
  const proxy = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => {});
    client.once('data', (head) => {
      const upstream = connect(port, '127.0.0.1');
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      if (head.toString('latin1').startsWith('CONNECT ')) {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        const secure = new TLSSocket(client, { isServer: true, ...tls });
        secure.on('error', () => client.destroy());
        secure.pipe(upstream).pipe(secure);
      } else {
        // A plain request in absolute form (`GET http://shop.test:…/page`): the server reads the path out of it.
        upstream.write(head);
        client.pipe(upstream).pipe(client);
      }
    });
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  const { port: own } = proxy.address() as { port: number };
  return {
    url: `http://127.0.0.1:${own}`,
    close: () => new Promise<void>((r) => (sockets.forEach((s) => s.destroy()), proxy.close(() => r()))),
  };
};

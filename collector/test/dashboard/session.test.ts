// Sessions and CSRF tokens through a real Hono app: the cookie's attributes, and that a tampered,
// expired or foreign cookie opens nothing.
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { csrfMatches, csrfToken } from '../../src/auth/csrf.js';
import { localPath, readSession, sessionKeys, startSession } from '../../src/auth/session.js';

const keys = sessionKeys('admin-token');

const app = (k = keys, now?: number) => {
  const a = new Hono();
  a.post('/start', async (c) => {
    await startSession(c, k, { kind: 'admin', subject: '-', path: '/' });
    return c.text('ok');
  });
  a.get('/who', async (c) => {
    const s = await readSession(c, k, 'admin', now);
    return c.json(s ? { kind: s.kind, csrf: csrfToken(k, s), ok: csrfMatches(k, s, csrfToken(k, s)), wrong: csrfMatches(k, s, 'x'.repeat(43)) } : null);
  });
  return a;
};

const cookieOf = (res: Response) => res.headers.get('set-cookie')!;

describe('dashboard sessions', () => {
  it('set an HttpOnly, SameSite=Strict cookie, Secure on https', async () => {
    const plain = cookieOf(await app().request('http://collector.test/start', { method: 'POST' }));
    expect(plain).toMatch(/^rt_session=[^;]+; Max-Age=43200; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(cookieOf(await app().request('https://collector.test/start', { method: 'POST' }))).toMatch(/; Secure/);
    expect(cookieOf(await app().request('http://collector.test/start', { method: 'POST', headers: { 'x-forwarded-proto': 'https' } }))).toMatch(/; Secure/);
  });

  it('open the session with its cookie, and its CSRF token matches it alone', async () => {
    const cookie = cookieOf(await app().request('http://collector.test/start', { method: 'POST' })).split(';')[0];
    const who = (await (await app().request('http://collector.test/who', { headers: { cookie } })).json()) as { csrf: string };
    expect(who).toMatchObject({ kind: 'admin', ok: true, wrong: false });
    const other = cookieOf(await app().request('http://collector.test/start', { method: 'POST' })).split(';')[0];
    const second = (await (await app().request('http://collector.test/who', { headers: { cookie: other } })).json()) as { csrf: string };
    expect(second.csrf).not.toBe(who.csrf);
  });

  it('refuse a tampered cookie, an expired one, and one signed under another admin token', async () => {
    const cookie = cookieOf(await app().request('http://collector.test/start', { method: 'POST' })).split(';')[0];
    const [name, value] = cookie.split('=');
    const raw = decodeURIComponent(value);
    const forged = `${name}=${encodeURIComponent(raw.replace(/\.(\d+)\./, (_, n) => `.${+n + 1e9}.`))}`;
    expect(await (await app().request('http://collector.test/who', { headers: { cookie: forged } })).json()).toBeNull();
    expect(await (await app(keys, Date.now() + 13 * 3600_000).request('http://collector.test/who', { headers: { cookie } })).json()).toBeNull();
    expect(await (await app(sessionKeys('rotated')).request('http://collector.test/who', { headers: { cookie } })).json()).toBeNull();
  });

  it('return only to local paths after sign-in', () => {
    expect(localPath('/partners?period=7d', '/')).toBe('/partners?period=7d');
    for (const bad of ['//evil.example/', 'https://evil.example/', '/\\evil.example', '', undefined, 42]) expect(localPath(bad, '/')).toBe('/');
  });
});

// @vitest-environment node
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook, WEBHOOK_HEADER } from '../../../src/server';

const body = JSON.stringify({ type: 'conversion', conversion: { orderId: 'A-1', amount: 4999 } });
const secret = 'whsec_partner';

describe('webhook signatures', () => {
  it('signs HMAC-SHA256 over "<timestamp>.<body>", which Node’s own HMAC agrees with', async () => {
    const header = await signWebhook(body, secret, { timestamp: 1_767_323_045 });
    expect(WEBHOOK_HEADER).toBe('Reftrace-Signature');
    expect(header).toBe(`t=1767323045,v1=${createHmac('sha256', secret).update(`1767323045.${body}`).digest('hex')}`);
    expect(await verifyWebhook(body, header, secret, { now: 1_767_323_045_000 })).toBe(true);
    expect(await verifyWebhook(body, await signWebhook(body, secret), secret)).toBe(true);
  });

  it('refuses a tampered body, a wrong secret, a forged or missing signature', async () => {
    const header = await signWebhook(body, secret);
    expect(await verifyWebhook(body.replace('4999', '9999'), header, secret)).toBe(false);
    expect(await verifyWebhook(body, header, 'whsec_other')).toBe(false);
    expect(await verifyWebhook(body, header.replace(/v1=(.)/, (_, c) => 'v1=' + (c == '0' ? '1' : '0')), secret)).toBe(false);
    expect(await verifyWebhook(body, header.replace(/t=\d+/, (t) => 't=' + (+t.slice(2) - 1)), secret)).toBe(false);
    for (const bad of [null, '', 'garbage', `t=${Math.floor(Date.now() / 1000)}`, 'v1=' + 'a'.repeat(64)]) expect(await verifyWebhook(body, bad, secret)).toBe(false);
  });

  it('refuses a stale or future timestamp beyond the tolerance', async () => {
    const now = 1_767_323_045_000;
    const at = (seconds: number) => signWebhook(body, secret, { timestamp: now / 1000 + seconds });
    expect(await verifyWebhook(body, await at(-301), secret, { now })).toBe(false);
    expect(await verifyWebhook(body, await at(301), secret, { now })).toBe(false);
    expect(await verifyWebhook(body, await at(-299), secret, { now })).toBe(true);
    expect(await verifyWebhook(body, await at(-3600), secret, { now, toleranceSeconds: 7200 })).toBe(true);
  });

  it('accepts any matching v1 while a secret is rotated, and needs a secret', async () => {
    const old = await signWebhook(body, 'old-secret', { timestamp: 100 });
    const fresh = await signWebhook(body, secret, { timestamp: 100 });
    const both = `${fresh},${old.split(',')[1]}`;
    expect(await verifyWebhook(body, both, 'old-secret', { now: 100_000 })).toBe(true);
    expect(await verifyWebhook(body, both, secret, { now: 100_000 })).toBe(true);
    await expect(signWebhook(body, '')).rejects.toThrow('reftrace: a webhook needs a non-empty secret');
    await expect(verifyWebhook(body, fresh, undefined as any)).rejects.toThrow(TypeError);
  });
});

// @vitest-environment node
import { expect, it } from 'vitest';
import { claimOrder, createOutbox } from '../../../src/transport';
import { ev } from './helpers';

it('creates a no-op outbox outside a browser', async () => {
  expect(typeof window).toBe('undefined');
  const outbox = createOutbox({ endpoint: 'https://collect.test/e' });
  await expect(outbox.push(ev())).resolves.toBeUndefined();
  await expect(outbox.flush()).resolves.toBeUndefined();
});

it('claims orders in memory outside a browser', async () => {
  expect(await claimOrder('A', 30)).toBe(true);
  expect(await claimOrder('A', 30)).toBe(false);
});

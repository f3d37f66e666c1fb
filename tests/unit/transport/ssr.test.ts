// @vitest-environment node
import { expect, it } from 'vitest';
import { claimOrder } from '../../../src/transport';

it('claims orders in memory outside a browser', async () => {
  expect(await claimOrder('A', 30)).toBe(true);
  expect(await claimOrder('A', 30)).toBe(false);
});

import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { timebox } from '../../../src/store/kv';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

it('rejects work that hangs after 1.5 s, and not before', async () => {
  const boxed = timebox(() => new Promise(() => {}));
  const outcome = vi.fn();
  boxed.then(outcome, outcome);
  await vi.advanceTimersByTimeAsync(1499);
  expect(outcome).not.toHaveBeenCalled();
  await vi.advanceTimersByTimeAsync(1);
  expect(outcome).toHaveBeenCalledWith(expect.objectContaining({ message: 'reftrace: IndexedDB timed out' }));
});

it('resolves work that answers in time, and rejects what throws at once', async () => {
  await expect(timebox(async () => 1)).resolves.toBe(1);
  await expect(
    timebox(() => {
      throw Error('no IndexedDB');
    }),
  ).rejects.toThrow('no IndexedDB');
});

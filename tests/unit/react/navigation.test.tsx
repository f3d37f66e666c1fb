// A file of its own: every tracker of a page hears its route changes, so the trackers that other
// tests left on this window would write their journeys too.
import { expect, it, vi } from 'vitest';
import { useReftrace } from '../../../src/react';
import type { Tracker } from '../../../src/tracker';
import { app, endpoint, mount, Probe, text, visit } from './page';

it('follows a route change that brings a new referral, and a reset', async () => {
  visit('/');
  let tracker: Tracker | undefined;
  const Grab = () => ((tracker = useReftrace().tracker), <Probe />);
  mount(app({ endpoint: endpoint() }, <Grab />));
  await vi.waitFor(() => expect(text()).toBe('ready=true refs=- referral=id'));
  history.pushState({}, '', '/deal?ref=dave');
  await vi.waitFor(() => expect(text()).toBe('ready=true refs=dave referral=id'));
  await tracker!.reset();
  await vi.waitFor(() => expect(text()).toBe('ready=true refs=- referral=id'));
});

import { StrictMode, useEffect } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { TrackerOptions } from '../../../src/tracker';
import { app, container, endpoint, keep, mount, sent, stubFetch, text, visit } from './page';

// Counts the trackers the provider makes in the browser; each is the real one.
const made = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../../src/tracker', async (original) => {
  const real = await original<typeof import('../../../src/tracker')>();
  return {
    ...real,
    createTracker: (options: TrackerOptions) => {
      const tracker = real.createTracker(options);
      if (typeof document == 'undefined') return tracker;
      made.count++;
      return tracker;
    },
  };
});
const { useReftrace } = await import('../../../src/react');

beforeEach(() => {
  made.count = 0;
});

describe('ReftraceProvider and useReftrace', () => {
  it('hydrates server HTML without a mismatch, then shows the journey once ready', async () => {
    visit('/shoes?ref=alice');
    const options = { endpoint: endpoint() };
    // The server: no document, so no tracker and no browser state.
    vi.stubGlobal('document', undefined);
    const html = renderToString(app(options));
    vi.unstubAllGlobals();
    stubFetch();
    expect(html).toBe('<p>ready=false refs=- referral=-</p>');
    expect(made.count).toBe(0);

    container.innerHTML = html;
    const mismatches: unknown[] = [];
    const errors = vi.spyOn(console, 'error');
    keep(hydrateRoot(container, app(options), { onRecoverableError: (error) => mismatches.push(error) }));
    await vi.waitFor(() => expect(text()).toBe('ready=true refs=alice referral=id'));
    expect(mismatches).toEqual([]);
    expect(errors).not.toHaveBeenCalled();
    expect(made.count).toBe(1);
  });

  it('hydrates late HTML (a Suspense boundary) from the server state even once the tracker is ready', async () => {
    visit('/shoes?ref=erin');
    const options = { endpoint: endpoint() };
    mount(app(options));
    await vi.waitFor(() => expect(text()).toBe('ready=true refs=erin referral=id'));
    const late = document.body.appendChild(document.createElement('div'));
    late.innerHTML = '<p>ready=false refs=- referral=-</p>';
    const mismatches: unknown[] = [];
    const errors = vi.spyOn(console, 'error');
    keep(hydrateRoot(late, app(options), { onRecoverableError: (error) => mismatches.push(error) }));
    await vi.waitFor(() => expect(late.textContent).toBe('ready=true refs=erin referral=id'));
    late.remove();
    expect(mismatches).toEqual([]);
    expect(errors).not.toHaveBeenCalled();
  });

  it('reports a mismatch when the server HTML differs (the check above can fail)', async () => {
    container.innerHTML = '<p>ready=true refs=mallory referral=-</p>';
    const mismatches: unknown[] = [];
    vi.spyOn(console, 'error').mockImplementation(() => {});
    keep(hydrateRoot(container, app({ endpoint: endpoint() }), { onRecoverableError: (error) => mismatches.push(error) }));
    await vi.waitFor(() => expect(mismatches).not.toEqual([]));
    expect(String(mismatches[0])).toMatch(/hydrat/i);
  });

  it('makes one tracker under StrictMode, across remounts and for a second provider with the same options', async () => {
    visit('/?ref=bob');
    const options = { endpoint: endpoint(), windowDays: 14 };
    mount(<StrictMode>{app(options)}</StrictMode>).unmount();
    // Options written inline: a new object with the same data.
    const root = mount(<StrictMode>{app({ ...options }, app({ endpoint: options.endpoint, windowDays: 14 }))}</StrictMode>);
    await vi.waitFor(() => expect(text()).toBe('ready=true refs=bob referral=id'));
    expect(made.count).toBe(1);
    await vi.waitFor(() => expect(sent.filter((e) => e.type == 'click')).toHaveLength(1));

    // Other options are another tracker.
    root.render(app({ endpoint: endpoint() }));
    await vi.waitFor(() => expect(made.count).toBe(2));
  });

  it('gives a child’s mount effect the real tracker, so a thank-you page converts', async () => {
    visit('/thanks?ref=carol');
    const Thanks = () => {
      const { tracker } = useReftrace();
      useEffect(() => void tracker.convert({ orderId: 'T-1', amount: '19.90', currency: 'EUR' }), [tracker]);
      return null;
    };
    mount(<StrictMode>{app({ endpoint: endpoint() }, <Thanks />)}</StrictMode>);
    await vi.waitFor(() => expect(sent.filter((e) => e.type == 'conversion')).toHaveLength(1));
    const [conversion] = sent.filter((e) => e.type == 'conversion');
    expect(conversion.conversion).toMatchObject({ orderId: 'T-1', amount: 1990, currency: 'EUR' });
    expect(conversion.award.ref).toBe('carol');
  });

  it('passes the tracker’s referral id through once ready: the visitor id its events carry', async () => {
    visit('/');
    let seen = { referralId: '', tracker: undefined as any };
    const Probe = () => ((seen = useReftrace()), null);
    mount(app({ endpoint: endpoint() }, <Probe />));
    await vi.waitFor(() => expect(seen.referralId).not.toBe(''));
    const event = await seen.tracker.track('probe');
    expect(seen.referralId).toMatch(/^[\w-]{21}$/);
    expect(event.anonymousId).toBe(seen.referralId);
  });
});

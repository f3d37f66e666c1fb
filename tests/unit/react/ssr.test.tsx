// @vitest-environment node
import { renderToString } from 'react-dom/server';
import { expect, it } from 'vitest';
import { ReftraceProvider, useReftrace } from '../../../src/react';

const Probe = () => {
  const { tracker, ready, touchpoints, referralId } = useReftrace();
  // Rendering may call the tracker: on the server it is the inert stand-in.
  void tracker.convert({ orderId: 'SSR-1', amount: 1, currency: 'USD' });
  return <p>{`ready=${ready} touches=${touchpoints.length} referral=${referralId || '-'}`}</p>;
};

it('renders on a server without a browser: not ready, no journey, an inert tracker', async () => {
  expect(typeof window).toBe('undefined');
  const html = renderToString(
    <ReftraceProvider options={{ endpoint: 'https://collect.example/e' }}>
      <Probe />
    </ReftraceProvider>,
  );
  expect(html).toBe('<p>ready=false touches=0 referral=-</p>');
});

it('gives each render its own stand-in: nothing is shared between the requests of one process', () => {
  const trackers: unknown[] = [];
  const Grab = () => (trackers.push(useReftrace().tracker), null);
  for (let i = 0; i < 2; i++)
    renderToString(
      <ReftraceProvider options={{ endpoint: '/e' }}>
        <Grab />
      </ReftraceProvider>,
    );
  expect(trackers).toHaveLength(2);
  expect(trackers[0]).not.toBe(trackers[1]);
});

it('says what is wrong when a component uses the hook without a provider', () => {
  const Orphan = () => (useReftrace(), null);
  expect(() => renderToString(<Orphan />)).toThrow('reftrace: useReftrace() needs a <ReftraceProvider> above it');
});

it('builds an entry that is a client module and imports React rather than bundling it', async () => {
  const { existsSync, readFileSync } = await import('node:fs');
  if (!existsSync('dist/react/index.js')) return; // built by `npm test` before the unit run
  for (const file of ['dist/react/index.js', 'dist/react/index.cjs']) {
    const code = readFileSync(file, 'utf8');
    expect(code.startsWith("'use client';")).toBe(true);
    expect(code).toMatch(/from 'react'|require\('react'\)/);
    // React's own code would carry its element symbols.
    expect(code).not.toMatch(/Symbol\.for\(["']react\./);
  }
  const built = await import('../../../dist/react/index.js' as string);
  const BuiltProbe = () => <p>{`ready=${built.useReftrace().ready}`}</p>;
  const html = renderToString(
    <built.ReftraceProvider options={{ endpoint: '/e' }}>
      <BuiltProbe />
    </built.ReftraceProvider>,
  );
  expect(html).toBe('<p>ready=false</p>');
});

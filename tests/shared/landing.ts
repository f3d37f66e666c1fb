// The landing in a real browser, run the same way in every engine: a router that rewrote the URL
// before the async script ran must not cost the partner the click (the navigation timing entry
// still has the URL the visitor arrived on).
import { expect } from 'vitest';
import { convert, ready } from './commands';
import { merchantPage } from './merchant-page';
import type { Navigates } from './nav-chain';
import type { TestServer } from './server';

export const rewrittenBeforeScript = async (server: TestServer, p: Navigates, tag: string) => {
  const ref = `${tag}_rewritten`;
  server.route(`/${tag}-rewritten`, merchantPage({ init: { endpoint: server.url('collect.test', '/collect') }, inline: "history.replaceState(null, '', '/home');" }));
  await p.goto(server.url('www.shop.test', `/${tag}-rewritten?ref=${ref}`));
  await ready(p);
  expect(new URL(await p.url()).pathname).toBe('/home');
  const [click] = await server.waitFor((e) => e.type == 'click' && e.touchpoint.ref == ref);
  expect(click.touchpoint.landing).toBe(`/${tag}-rewritten?ref=${ref}`);
  await convert(p, `${tag}-order-rewritten`);
  const [conversion] = await server.waitFor((e) => e.type == 'conversion' && e.conversion.orderId == `${tag}-order-rewritten`);
  expect(conversion.award.ref).toBe(ref);
};

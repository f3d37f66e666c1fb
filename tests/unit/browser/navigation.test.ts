import { expect, it } from 'vitest';
import { onNavigate } from '../../../src/browser/navigation';

it('hears every kind of route change, and a failing listener never breaks the app’s navigation', () => {
  const heard: string[] = [];
  onNavigate(() => {
    heard.push(location.pathname + location.hash);
    throw Error('listener bug');
  });
  expect(() => history.pushState({}, '', '/a')).not.toThrow();
  expect(() => history.replaceState({}, '', '/b')).not.toThrow();
  dispatchEvent(new PopStateEvent('popstate'));
  location.hash = 'x';
  dispatchEvent(new HashChangeEvent('hashchange'));
  expect(location.pathname).toBe('/b');
  expect(heard).toEqual(['/a', '/b', '/b', '/b#x']);
});

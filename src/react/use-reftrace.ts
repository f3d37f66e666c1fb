import { useContext, useSyncExternalStore } from 'react';
import { ReftraceContext } from './provider';
import type { ReftraceState } from './tracker-store';

/**
 * The page's tracker and what it knows. The server and hydration see `ready: false`, no
 * touchpoints and no referral id; the browser's values arrive right after, as a re-render, so
 * server HTML and the first client render always agree.
 */
export const useReftrace = (): ReftraceState => {
  const store = useContext(ReftraceContext);
  // A programming error, found at the first render: a stand-in here would hide lost conversions.
  if (!store) throw Error('reftrace: useReftrace() needs a <ReftraceProvider> above it');
  return useSyncExternalStore(store.subscribe, store.current, () => store.initial);
};

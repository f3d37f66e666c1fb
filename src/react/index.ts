// `reftrace/react`: the page's tracker for React 18+ apps, server rendering and Next.js included.
// React is a peer dependency, imported and never bundled.
export { ReftraceProvider, type ReftraceProviderProps } from './provider';
export { useReftrace } from './use-reftrace';
export type { ReftraceState } from './tracker-store';
export type { Conversion, Tracker, TrackerOptions } from '../tracker';
export type { Touchpoint } from '../types';

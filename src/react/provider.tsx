import { createContext, type ReactElement, type ReactNode } from 'react';
import type { TrackerOptions } from '../tracker';
import { trackerStore, type TrackerStore } from './tracker-store';

export const ReftraceContext = createContext<TrackerStore | undefined>(undefined);

export interface ReftraceProviderProps {
  /** `createTracker`'s options. Read once per page: a tracker is made the first time options with this data are seen. */
  options: TrackerOptions;
  children?: ReactNode;
}

/**
 * Gives the components below it the page's tracker through `useReftrace()`. Renders on the
 * server without touching the browser; in a browser the tracker is created during the first
 * render, so a child's mount effect (a thank-you page's `convert`) already has the real one.
 */
export const ReftraceProvider = ({ options, children }: ReftraceProviderProps): ReactElement => (
  <ReftraceContext.Provider value={trackerStore(options)}>{children}</ReftraceContext.Provider>
);

// Work that may wait waits for the first idle moment, this many ms at most.
const DEFER = 100;

/** Runs `work` at the first idle moment, or after DEFER ms at most. */
export const idle = (work: () => void): void =>
  // Without requestIdleCallback (Safari), setTimeout takes the options for a delay of 0.
  void (self.requestIdleCallback || setTimeout)(work, { timeout: DEFER } as never);

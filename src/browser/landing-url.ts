/**
 * The URL the visitor landed on. A router may rewrite the address bar (a canonical path, the
 * query stripped) before the async script runs, and `?ref=` would be gone from `location`; the
 * navigation timing entry still holds the URL the page was loaded with. Only when it is on this
 * origin: after a redirect from elsewhere, the entry may name the first URL of the chain.
 */
export const landingUrl = (): string => {
  try {
    const url = new URL((performance.getEntriesByType('navigation')[0] as PerformanceEntry).name);
    if (url.origin == location.origin) return url.href;
  } catch {
    // No Performance API, no entry (an `about:blank` frame), or a name that is not a URL.
  }
  return location.href;
};

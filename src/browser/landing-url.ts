/**
 * The URL the visitor landed on. A router may rewrite the address bar (a canonical path, the
 * query stripped) before the async script runs, and `?ref=` would be gone from `location`; the
 * navigation timing entry still holds the URL the page was loaded with. Only when it is on this
 * origin: after a redirect from elsewhere, the entry may name the first URL of the chain; then
 * `href`, the address as the script read it when it ran.
 */
export const landingUrl = (href = location.href): string => {
  const name = self.performance?.getEntriesByType?.('navigation')[0]?.name;
  return name?.startsWith(location.origin + '/') ? name : href;
};

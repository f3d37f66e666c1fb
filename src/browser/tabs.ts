/** What one tab tells the other tabs of its origin: consent withdrawn, or the visitor reset. */
export type TabNews = 'denied' | 'reset';

/**
 * Tells this origin's other tabs, and hears them: a BroadcastChannel, which writes nothing (a
 * withdrawal may not write storage to announce itself). Without one (Safari before 15.4) the
 * other tabs learn on their next page. Tabs of other subdomains are other origins: they learn
 * from the erased cookie on their next read, or from the CMP on their next page.
 */
export const tabs = (hear: (news: TabNews) => void): ((news: TabNews) => void) => {
  try {
    const channel = new BroadcastChannel('reftrace');
    channel.onmessage = (m) => hear(m.data);
    return (news) => channel.postMessage(news);
  } catch {
    return () => {};
  }
};

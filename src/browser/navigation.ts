/**
 * Calls `listener` after every client-side route change of a single-page app: `pushState` and
 * `replaceState` (wrapped, since they fire no event), `popstate` and `hashchange`.
 */
export const onNavigate = (listener: () => void): void => {
  const h = history;
  // Called from inside the app's router: whatever goes wrong here must not break its navigation.
  const safe = () => {
    try {
      listener();
    } catch {}
  };
  const wrap = (original: History['pushState']): History['pushState'] =>
    function (this: History, ...args) {
      original.apply(this, args);
      safe();
    };
  h.pushState = wrap(h.pushState);
  h.replaceState = wrap(h.replaceState);
  addEventListener('popstate', safe);
  addEventListener('hashchange', safe);
};

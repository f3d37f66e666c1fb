/**
 * A CORS-simple POST: a string body goes as `text/plain;charset=UTF-8`, no custom headers, no
 * cookies, so there is no preflight. Resolves to the status and `Retry-After` (readable only if
 * the collector exposes it), or status 0 on a network error or after 10 s. Never rejects.
 *
 * A redirect is not followed (a 301/302 would turn the POST into a body-less GET, whose 2xx
 * would pass for a delivery) and resolves to 300 whatever its code: browsers hide it.
 */
export const post = async (url: string, body: string, keepalive: boolean): Promise<[number, (string | null)?]> => {
  try {
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 1e4);
    const r = await fetch(url, { method: 'POST', body, keepalive, credentials: 'omit', redirect: 'manual', signal: abort.signal });
    // Only the status matters: a body still arriving would hold the page's keepalive budget,
    // which later requests and the unload beacon need, until the timeout.
    r.body?.cancel().catch(() => {});
    // A resolved fetch has status 0 only for an opaque redirect: opaque responses need `no-cors`.
    return [r.status || 300, r.headers.get('retry-after')];
  } catch {
    return [0];
  }
};

/** Queues `body` for delivery after the page is gone; false when it cannot (missing, over budget). */
export const beacon = (url: string, body: string): boolean => {
  try {
    return navigator.sendBeacon(url, body);
  } catch {
    return false;
  }
};

/** The pixel URL carrying `body` in `d`. */
export const pixelUrl = (url: string, body: string): string =>
  url + (url.includes('?') ? '&' : '?') + 'd=' + encodeURIComponent(body);

/**
 * The last resort, a GET for an image: 200 once the collector answers with one, else 0 (error,
 * 10 s, or a URL over ~8 KB that servers and proxies may cut).
 */
export const pixel = (url: string, body: string): Promise<number> =>
  new Promise((resolve) => {
    const src = pixelUrl(url, body);
    if (src.length > 8e3) return resolve(0);
    const image = new Image();
    image.onload = () => resolve(200);
    image.onerror = () => resolve(0);
    setTimeout(resolve, 1e4, 0);
    image.src = src;
  });

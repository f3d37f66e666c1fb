/** What the adapter needs of Node's `IncomingMessage` (and Express's `req`), without importing Node. */
export interface NodeRequest extends AsyncIterable<unknown> {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
  /** Set by a body parser (`express.text()`); the stream is read when absent. */
  body?: unknown;
  /** A `TLSSocket` (`encrypted: true`) when the server speaks https itself. */
  socket?: unknown;
}

export interface NodeResponse {
  statusCode: number;
  setHeader(name: string, value: string | string[]): unknown;
  end(body?: string): unknown;
}

// Far more than any handler here takes: a longer stream is abandoned unread and refused (413),
// so a hostile client cannot make the server buffer gigabytes.
const LIMIT = 65536;

const text = async (req: NodeRequest, body: unknown): Promise<string | undefined> => {
  if (typeof body == 'string') return body;
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  const decoder = new TextDecoder();
  let read = '';
  for await (const chunk of req) if ((read += typeof chunk == 'string' ? chunk : decoder.decode(chunk as Uint8Array, { stream: true })).length > LIMIT) return;
  return read;
};

/**
 * Runs a `Request → Response` handler in Node's `http` server or Express:
 * `app.all('/rt', toNodeHandler(journeyCookieHandler()))`. A body already read can be passed as
 * the third argument (Express passes `next` there, which is ignored).
 */
export const toNodeHandler =
  (handler: (request: Request) => Promise<Response>) =>
  async (req: NodeRequest, res: NodeResponse, body?: unknown): Promise<void> => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers))
      if (value != null) headers.set(name, Array.isArray(value) ? value.join(name == 'cookie' ? '; ' : ', ') : value);
    const https = (req.socket as { encrypted?: boolean } | undefined)?.encrypted || headers.get('x-forwarded-proto')?.split(',')[0].trim() == 'https';
    const method = req.method || 'GET';
    const content = method != 'GET' && method != 'HEAD' ? await text(req, typeof body == 'function' ? req.body : body ?? req.body) : '';
    const response =
      content == null
        ? new Response(null, { status: 413 })
        : await handler(
            new Request(`http${https ? 's' : ''}://${headers.get('host') || 'localhost'}${req.url || '/'}`, {
              method,
              headers,
              ...(content && { body: content }),
            }),
          );
    res.statusCode = response.status;
    response.headers.forEach((value, name) => name != 'set-cookie' && res.setHeader(name, value));
    // Several cookies (the click redirect sets two) must stay separate headers: one joined value is one cookie.
    const cookies = response.headers.getSetCookie();
    if (cookies.length) res.setHeader('set-cookie', cookies.length == 1 ? cookies[0] : cookies);
    res.end(await response.text());
  };

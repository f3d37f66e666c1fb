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

// `host` or `host:port`, a name or an IPv4 or bracketed IPv6 address: anything else in a Host
// header (a space, a path, a user) is refused rather than allowed to reshape the request's URL.
const HOST = /^([\w.-]+|\[[\da-f:.]+\])(:\d+)?$/i;

const reply = (status: number) => new Response(null, { status });

/**
 * Runs a `Request → Response` handler in Node's `http` server or Express:
 * `app.all('/rt', toNodeHandler(journeyCookieHandler()))`. A body already read can be passed as
 * the third argument (Express passes `next` there, which is ignored). Never rejects, whatever the
 * client sends: a request that cannot be a Web `Request` (a `TRACE` or `CONNECT`, a malformed
 * `Host`) gets 400, a client gone mid-body nothing, and a handler that throws 500.
 */
export const toNodeHandler =
  (handler: (request: Request) => Promise<Response>) =>
  async (req: NodeRequest, res: NodeResponse, body?: unknown): Promise<void> => {
    let response: Response;
    try {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers))
        if (value != null) headers.set(name, Array.isArray(value) ? value.join(name == 'cookie' ? '; ' : ', ') : value);
      const https = (req.socket as { encrypted?: boolean } | undefined)?.encrypted || headers.get('x-forwarded-proto')?.split(',')[0].trim() == 'https';
      const host = headers.get('host') || 'localhost';
      const method = req.method || 'GET';
      let request: Request | undefined;
      try {
        if (HOST.test(host) && (req.url || '/')[0] == '/') request = new Request(`http${https ? 's' : ''}://${host}${req.url || '/'}`, { method, headers });
      } catch {}
      const content = request && method != 'GET' && method != 'HEAD' ? await text(req, typeof body == 'function' ? req.body : body ?? req.body) : '';
      response = !request
        ? reply(400)
        : content == null
          ? reply(413)
          : await handler(content ? new Request(request, { body: content }) : request).catch(() => reply(500));
    } catch {
      // The client went away while its body was read: there is no one left to answer.
      return;
    }
    try {
      res.statusCode = response.status;
      response.headers.forEach((value, name) => name != 'set-cookie' && res.setHeader(name, value));
      // One header per cookie: set one by one, each would replace the last.
      const cookies = response.headers.getSetCookie();
      if (cookies.length) res.setHeader('set-cookie', cookies[1] ? cookies : cookies[0]);
      res.end(await response.text());
    } catch {}
  };

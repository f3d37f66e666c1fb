/** The default request body limit: 1 MiB, far above the SDK's largest batch (64 KB). */
export const BODY_LIMIT = 1 << 20;

/** Chunks of a request body: Web streams and Node's `IncomingMessage` are both async-iterable. */
type Body = AsyncIterable<Uint8Array>;

/**
 * The body as text, or `undefined` when it is longer than `limit` bytes: a declared length
 * over the limit is refused unread, and a body without one is read chunk by chunk and abandoned
 * at the first chunk past the limit, so a client cannot make the collector buffer more. Under
 * @hono/node-server, pass the Node request (`c.env.incoming`): reading it directly skips
 * building a Web `Request` and its stream, a large share of the cost of a small batch.
 */
export const readBody = async (request: Request, limit = BODY_LIMIT, incoming?: Body): Promise<string | undefined> => {
  if (+(request.headers.get('content-length') || 0) > limit) return;
  const body: Body | null = incoming ?? (request.body as unknown as Body | null);
  if (!body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Leaving the loop early stops reading; the caller answers 413 with `Connection: close`, so
  // the rest is never read and the client still gets the answer (destroying would reset it).
  for (const reader = body[Symbol.asyncIterator](); ; ) {
    const { done, value } = await reader.next();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // A Web stream is cancelled; a Node stream's iterator would destroy the socket with it.
      if (!incoming) await reader.return?.().catch(() => {});
      return;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
};

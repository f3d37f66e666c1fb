/** The default request body limit: 1 MiB, far above the SDK's largest batch (64 KB). */
export const BODY_LIMIT = 1 << 20;

/**
 * The body as text, or `undefined` when it is longer than `limit` bytes: a declared length
 * over the limit is refused unread, and a body without one is read chunk by chunk and abandoned
 * at the first chunk past the limit, so a client cannot make the collector buffer more.
 */
export const readBody = async (request: Request, limit = BODY_LIMIT): Promise<string | undefined> => {
  if (+(request.headers.get('content-length') || 0) > limit) return;
  const reader = request.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let chunk; !(chunk = await reader.read()).done; ) {
    size += chunk.value.byteLength;
    if (size > limit) return void reader.cancel().catch(() => {});
    chunks.push(chunk.value);
  }
  return Buffer.concat(chunks).toString('utf8');
};

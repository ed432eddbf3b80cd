/**
 * Which headers cross the gateway. Requests to an upstream carry an allow-list only: what a
 * client sends beyond it (its credentials, cookies, `X-Forwarded-*` and `Forwarded` claims about
 * where it came from, hop-by-hop headers, anything a runtime might trust) stays at the gateway.
 * Responses lose hop-by-hop and framing headers (the gateway re-frames the masked body) and
 * anything that would set state in the client on the upstream's behalf.
 */

/** End-to-end request headers that carry no identity or routing claim. */
const REQUEST_ALLOW = new Set([
  'accept',
  'accept-language',
  'cache-control',
  'if-match',
  'if-none-match',
  'if-modified-since',
  'if-unmodified-since',
  'idempotency-key',
  'last-event-id',
  'openai-beta',
  'user-agent',
]);

/** Hop-by-hop (RFC 9110 §7.6.1), framing, and headers that would act on the client's behalf. */
const RESPONSE_DROP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'content-length',
  'content-encoding',
  'set-cookie',
  'set-cookie2',
  'alt-svc',
  'strict-transport-security',
  'x-request-id',
]);

/** Whether a client request header may be forwarded to an upstream (`extra`: the upstream's own allow-list). */
export function isForwardableRequestHeader(name: string, extra: ReadonlySet<string>): boolean {
  const lower = name.toLowerCase();
  return REQUEST_ALLOW.has(lower) || extra.has(lower);
}

/** Names listed in a `Connection` header: hop-by-hop for this message, never forwarded. */
export function connectionListed(header: string | string[] | undefined): Set<string> {
  const values = Array.isArray(header) ? header.join(',') : (header ?? '');
  return new Set(
    values
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter((name) => name !== ''),
  );
}

/** Whether an upstream response header may reach the client. */
export function isForwardableResponseHeader(name: string, connection: ReadonlySet<string>): boolean {
  const lower = name.toLowerCase();
  return !RESPONSE_DROP.has(lower) && !connection.has(lower);
}

/**
 * The id of one HTTP request (pure, so the proxy stays glue): an incoming `X-Request-Id` is kept when it
 * is sane — 1 to 128 characters of letters, digits and `._:-` (what load balancers and tracing systems
 * send: UUIDs, hex, `Root=1-…`-free ids) — so a request can be followed from the proxy in front of us
 * into our logs; anything else (empty, too long, spaces, control or other characters that could forge a
 * log line or a header) is replaced by a fresh UUID.
 */
export const REQUEST_ID_HEADER = 'x-request-id';
const SANE = /^[A-Za-z0-9._:-]{1,128}$/;

export function isSaneRequestId(value: string | null | undefined): value is string {
  return typeof value === 'string' && SANE.test(value);
}

export function requestIdFor(incoming: string | null | undefined, generate: () => string): string {
  return isSaneRequestId(incoming) ? incoming : generate();
}

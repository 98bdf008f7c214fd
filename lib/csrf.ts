import { originOf } from './origin';

/**
 * Cross-site request forgery: a state-changing request a browser sends with the person's session cookie
 * must come from a page of ours. next-auth guards its own routes with a double-submit token; everything
 * else that reads the session cookie (the tRPC mutations, chiefly) is guarded here, by what only the
 * browser writes and a page's script cannot forge: `Sec-Fetch-Site`, else `Origin`.
 *
 * SameSite=Lax session cookies already keep other *sites* from riding a session; this also refuses sibling
 * subdomains (same-site, cross-origin), sandboxed frames (`Origin: null`) and browsers without SameSite.
 * A request with neither header is not from a browser page (curl, Prometheus, a mail client): it carries
 * no ambient cookie of a victim, so it passes, and its authority is whatever credential it sends itself.
 */

export interface CsrfEnv {
  /** The configured public URL: its origin is ours, whatever Host the proxy in front sends. */
  NEXTAUTH_URL?: string;
  /** Number of trusted reverse proxies: only then do X-Forwarded-Host/-Proto name an origin of ours. */
  WATCHFLOOR_TRUST_PROXY?: string;
}

export interface CsrfRequest {
  method: string;
  /** The request's URL as the server saw it (its origin is the Host it was addressed to). */
  url: string;
  headers: { get(name: string): string | null };
}

/** Methods that never change state here (tRPC queries and subscriptions are GETs). */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Paths whose unsafe requests carry their own authority and read no cookie, so there is nothing to forge:
 * - `/api/auth/`: next-auth's double-submit CSRF token guards its POSTs, and an identity provider may
 *   answer with a cross-site form POST (`response_mode=form_post`);
 * - alert ingestion (`/api/integrations/…`, `/v2/…`): machines sending a bearer or routing key;
 * - RFC 8058 one-click unsubscribe: mail providers POST it from their own servers, with the link's token.
 */
export const CSRF_EXEMPT_PREFIXES: readonly string[] = [
  '/api/auth/',
  '/api/integrations/',
  '/v2/',
  '/status/subscriptions/unsubscribe/one-click',
];

export function isCsrfExempt(pathname: string): boolean {
  return CSRF_EXEMPT_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(prefix));
}

/** The origins a page of ours can have: the configured one, the addressed one, the proxy's if trusted. */
export function ownOrigins(request: CsrfRequest, env: CsrfEnv): Set<string> {
  const origins = new Set<string>();
  const add = (url: string | null | undefined) => {
    const origin = originOf(url);
    if (origin) origins.add(origin);
  };
  add(env.NEXTAUTH_URL);
  add(request.url);
  // Next may build request.url from its configured hostname; the Host the browser addressed is the truth.
  const host = request.headers.get('host')?.trim();
  const protocol = originOf(request.url) ? new URL(request.url).protocol : 'http:';
  if (host) add(`${protocol}//${host}`);
  if (trustsProxy(env.WATCHFLOOR_TRUST_PROXY)) {
    // The outermost proxy's view: the first entry of each (a chain appends), as the client addressed it.
    const forwardedHost = first(request.headers.get('x-forwarded-host'));
    const proto = first(request.headers.get('x-forwarded-proto')) ?? 'https';
    if (forwardedHost) add(`${proto}://${forwardedHost}`);
  }
  return origins;
}

/**
 * Why the request must be refused, or null when it may pass. Pure: the caller answers 403 with the reason.
 */
export function crossSiteRefusal(request: CsrfRequest, env: CsrfEnv): string | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  const site = request.headers.get('sec-fetch-site')?.trim().toLowerCase();
  // The browser's own verdict, which no page can set: same origin, or typed by the person ('none').
  if (site === 'same-origin' || site === 'none') return null;
  // A sibling subdomain (same-site) is another origin too: it may be someone else's.
  if (site === 'same-site' || site === 'cross-site')
    return `cross-site request (Sec-Fetch-Site: ${site}) refused`;
  // Browsers without Fetch Metadata still send Origin on every cross-origin POST.
  const origin = request.headers.get('origin')?.trim();
  if (origin === undefined || origin === '') return null;
  if (origin === 'null') return 'request from an opaque origin refused';
  if (ownOrigins(request, env).has(originOf(origin) ?? '')) return null;
  return 'cross-origin request refused';
}

function first(value: string | null): string | undefined {
  return value?.split(',')[0]?.trim() || undefined;
}

/** WATCHFLOOR_TRUST_PROXY as server/auth/client-address.ts reads it (a count; yes/true/on mean one). */
function trustsProxy(value: string | undefined): boolean {
  const v = (value ?? '').trim().toLowerCase();
  return ['true', 'yes', 'on'].includes(v) || (/^\d{1,2}$/.test(v) && Number(v) > 0);
}

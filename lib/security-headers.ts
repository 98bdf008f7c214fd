import { originOf } from './origin';

/**
 * The security headers of one request, built from the request and the environment alone (pure), so the
 * proxy stays a few lines of glue and every rule here is unit-tested.
 *
 * Content-Security-Policy: scripts run only with this response's nonce ('strict-dynamic' lets those
 * scripts load Next's chunks); Next reads the nonce from the policy on the request and puts it on its
 * own scripts, and the root layout puts it on the theme script. A nonce only works on a page rendered
 * per request, so every page is dynamic (the root layout reads the request headers).
 * Styles: elements need 'self' (Tailwind's stylesheet) or the nonce; style *attributes* are allowed
 * ('unsafe-inline' in style-src-attr only): React renders `style={…}` (TLP badge colours, the global
 * error page) as attributes, which carry no nonce, and an attribute cannot select or fetch on its own
 * the way an injected <style> element can. 'unsafe-eval' only in development, where React needs it.
 */

export interface SecurityEnv {
  /** The public URL of the app; https:// turns on HSTS and upgrade-insecure-requests. */
  NEXTAUTH_URL?: string;
  /** With single sign-on, form posts may be redirected on to the identity provider. */
  OIDC_ISSUER?: string;
  NODE_ENV?: string;
}

export interface RequestFacts {
  pathname: string;
  cookieNames: readonly string[];
}

export interface HeaderPlan {
  /** Set on the request before rendering: Next takes the nonce from the policy found here. */
  request: Record<string, string>;
  response: Record<string, string>;
}

export const HSTS = 'max-age=31536000; includeSubDomains';

/** Files in public/, served as they are: no nonce to give, and they keep their normal caching. */
export const PUBLIC_FILES: ReadonlySet<string> = new Set([
  '/favicon.ico',
  '/icon.svg',
  '/icon-192.png',
  '/icon-512.png',
  '/icon-maskable-512.png',
  '/apple-touch-icon.png',
  '/manifest.webmanifest',
  '/robots.txt',
]);

/** next-auth's session cookie, plain or __Secure- (https), whole or chunked (.0, .1, …). */
const SESSION_COOKIE = /^(?:__Secure-)?next-auth\.session-token(?:\.\d+)?$/;

/** Pages anyone may see without signing in; every other page is private to a session. */
function isPublicPage(pathname: string): boolean {
  return pathname === '/signin' || pathname.startsWith('/status/');
}

export function hasSessionCookie(cookieNames: readonly string[]): boolean {
  return cookieNames.some((name) => SESSION_COOKIE.test(name));
}

function isHttps(env: SecurityEnv): boolean {
  return env.NEXTAUTH_URL?.toLowerCase().startsWith('https://') ?? false;
}

export function contentSecurityPolicy(nonce: string, env: SecurityEnv): string {
  const dev = env.NODE_ENV === 'development';
  const issuer = originOf(env.OIDC_ISSUER);
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])],
    // The development overlay injects <style> elements without a nonce.
    ['style-src', "'self'", dev ? "'unsafe-inline'" : `'nonce-${nonce}'`],
    ['style-src-attr', "'unsafe-inline'"],
    ['img-src', "'self'", 'data:', 'blob:'],
    ['font-src', "'self'"],
    ['connect-src', "'self'", ...(dev ? ['ws:', 'wss:'] : [])],
    ['object-src', "'none'"],
    ['base-uri', "'self'"],
    // Browsers check form-action on the redirects after a post as well: a sign-in post that next-auth
    // answers with a redirect to the identity provider must be allowed to go there.
    ['form-action', "'self'", ...(issuer ? [issuer] : [])],
    ['frame-ancestors', "'none'"],
    ...(isHttps(env) ? [['upgrade-insecure-requests'] as [string]] : []),
  ];
  return directives.map((d) => d.join(' ')).join('; ');
}

/**
 * Routes that answer machines, not browsers: /api/*, and the Events API v2 endpoints, which sit at /v2/* so
 * that Events v2 clients need only their base URL changed.
 */
export function isApiPath(pathname: string): boolean {
  return (
    pathname === '/api' || pathname.startsWith('/api/') || pathname === '/v2' || pathname.startsWith('/v2/')
  );
}

/**
 * Headers for one request through the proxy. API routes answer JSON (or next-auth's own small pages,
 * whose inline styles a page policy would break) and set their own caching: they get HSTS only.
 */
export function securityHeaders(request: RequestFacts, env: SecurityEnv, nonce: string): HeaderPlan {
  const response: Record<string, string> = {};
  if (isHttps(env)) response['Strict-Transport-Security'] = HSTS;
  if (isApiPath(request.pathname)) return { request: {}, response };

  const policy = contentSecurityPolicy(nonce, env);
  response['Content-Security-Policy'] = policy;
  // A signed-in page must never be stored by a browser or a shared cache, and neither may any private
  // page (deny by default: a new console page is covered without being listed here).
  if (hasSessionCookie(request.cookieNames) || !isPublicPage(request.pathname))
    response['Cache-Control'] = 'no-store';
  return { request: { 'Content-Security-Policy': policy, 'x-nonce': nonce }, response };
}

/** A path whose percent-encoding does not decode (e.g. `%E0%A4%A`): Next's router would answer 500. */
export function hasMalformedEncoding(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

/** 128 random bits, base64: unguessable and fresh for every response. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

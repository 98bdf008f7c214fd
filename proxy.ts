import { type NextRequest, NextResponse } from 'next/server';
import { crossSiteRefusal, isCsrfExempt } from './lib/csrf';
import { REQUEST_ID_HEADER, requestIdFor } from './lib/request-id';
import { hasMalformedEncoding, newNonce, PUBLIC_FILES, securityHeaders } from './lib/security-headers';

/**
 * Runs before every route (Next 16's middleware): a request id (the caller's X-Request-Id if sane, else a
 * fresh one; handed to the route on the request and echoed on the response), security headers, a 400
 * for undecodable paths, and a 403 for a state-changing request another site's page sent (lib/csrf.ts):
 * here, so every cookie-authenticated route, today's tRPC mutations and any added later, is covered.
 */
export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  const requestId = requestIdFor(request.headers.get(REQUEST_ID_HEADER), () => crypto.randomUUID());
  // Next's router fails on such a path with a 500 before any page could answer.
  if (hasMalformedEncoding(pathname))
    return new NextResponse('Bad request: the path is not valid percent-encoding.\n', {
      status: 400,
      headers: {
        'Content-Type': 'text/plain; charset=utf-8',
        'Cache-Control': 'no-store',
        [REQUEST_ID_HEADER]: requestId,
      },
    });
  if (PUBLIC_FILES.has(pathname)) return NextResponse.next();
  const refusal = isCsrfExempt(pathname) ? null : crossSiteRefusal(request, process.env);
  if (refusal)
    return NextResponse.json(
      { error: { message: `Forbidden: ${refusal}.`, code: 'FORBIDDEN' } },
      { status: 403, headers: { 'Cache-Control': 'no-store', [REQUEST_ID_HEADER]: requestId } },
    );

  const plan = securityHeaders(
    { pathname, cookieNames: request.cookies.getAll().map((cookie) => cookie.name) },
    process.env,
    newNonce(),
  );
  const headers = new Headers(request.headers);
  for (const [name, value] of Object.entries(plan.request)) headers.set(name, value);
  headers.set(REQUEST_ID_HEADER, requestId);
  const response = NextResponse.next({ request: { headers } });
  for (const [name, value] of Object.entries(plan.response)) response.headers.set(name, value);
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}

export const config = {
  // Build output is immutable and carries no page; everything else, API routes included, passes here.
  matcher: ['/((?!_next/static/|_next/image).*)'],
};

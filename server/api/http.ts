import { randomUUID } from 'node:crypto';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { REQUEST_ID_HEADER, requestIdFor } from '../../lib/request-id';
import { MAX_BATCH_SIZE } from '../../lib/trpc/limits';
import { addLogContext, withLogContext } from '../observability/log';
import { recordHttpRequest } from '../observability/metrics';
import { logFailure, retryAfterHeaders, tagWithRequest } from './errors';
import { appRouter } from './root';
import type { TrpcContext } from './trpc';

/**
 * A subscription's event stream, as tRPC heads it (with `X-Accel-Buffering: no` for nginx): never
 * transformed, so neither a proxy nor compression (Next's `compress` skips no-transform) holds events back
 * to fill a buffer, and revalidated rather than reused (a browser never caches an EventSource anyway).
 * responseMeta can only add to a header tRPC set, so the stream keeps exactly this.
 */
export const SSE_CACHE_CONTROL = 'no-cache, no-transform';

/**
 * /api/trpc over the fetch API: the route handler's whole configuration, so tests drive the same one with
 * their own database and session. Every response carries its request id (X-Request-Id, and data.requestId
 * of errors: the reference under which the server logged an unexpected error) and Cache-Control: no-store
 * (tRPC answers are per user and private, GET queries included; SSE_CACHE_CONTROL for a subscription's
 * event stream). A batch of more than MAX_BATCH_SIZE calls is refused with 400 before any of them runs.
 */
export function handleTrpcRequest(
  req: Request,
  createContext: () => Promise<TrpcContext>,
): Promise<Response> {
  // The proxy's id (the caller's X-Request-Id if sane), so the response, the logs and the proxy agree.
  const requestId = requestIdFor(req.headers.get(REQUEST_ID_HEADER), randomUUID);
  const started = performance.now();
  return withLogContext({ requestId }, async () => {
    const response = await answer(req, createContext, requestId);
    recordHttpRequest(
      `/api/trpc/${procedureLabel(req)}`,
      req.method,
      response.status,
      (performance.now() - started) / 1000,
    );
    return response;
  });
}

const PROCEDURES: ReadonlySet<string> = new Set(Object.keys(appRouter._def.procedures));

/**
 * The procedure a request calls, for the latency histogram's route label: its name when it is one of
 * the router's (a bounded set), `{batch}` for a batch of several, `{unknown}` otherwise (a made-up path
 * must not become a label of its own).
 */
export function procedureLabel(req: Request): string {
  let path: string;
  try {
    path = decodeURIComponent(new URL(req.url).pathname.replace(/^\/api\/trpc\/?/, ''));
  } catch {
    return '{unknown}';
  }
  if (path.includes(',')) return '{batch}';
  return PROCEDURES.has(path) ? path : '{unknown}';
}

function answer(
  req: Request,
  createContext: () => Promise<TrpcContext>,
  requestId: string,
): Promise<Response> {
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    maxBatchSize: MAX_BATCH_SIZE,
    // The actor of every line logged from here on (procedures log with the request's context).
    createContext: async () => {
      const context = await createContext();
      addLogContext({ actorId: context.session?.user?.id });
      return context;
    },
    // Runs before tRPC formats the error (trpc.ts errorFormatter reads the tag).
    onError({ error, path }) {
      tagWithRequest(error, requestId);
      logFailure(requestId, path, error);
    },
    responseMeta: ({ type, errors }) => ({
      headers: {
        ...(type === 'subscription' ? {} : { 'cache-control': 'no-store' }),
        // The database is down or restarting (errors.ts unavailableError): when to try again.
        ...(errors.some((e) => e.code === 'SERVICE_UNAVAILABLE') ? retryAfterHeaders() : {}),
        'x-request-id': requestId,
      },
    }),
  });
}

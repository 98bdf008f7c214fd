import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { MAX_BATCH_SIZE } from '../../lib/trpc/limits';
import { logFailure, newRequestId, tagWithRequest } from './errors';
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
  const requestId = newRequestId();
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    maxBatchSize: MAX_BATCH_SIZE,
    createContext,
    // Runs before tRPC formats the error (trpc.ts errorFormatter reads the tag).
    onError({ error, path }) {
      tagWithRequest(error, requestId);
      logFailure(requestId, path, error);
    },
    responseMeta: ({ type }) => ({
      headers: {
        ...(type === 'subscription' ? {} : { 'cache-control': 'no-store' }),
        'x-request-id': requestId,
      },
    }),
  });
}

import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { MAX_BATCH_SIZE } from '../../lib/trpc/limits';
import { logFailure, newRequestId, tagWithRequest } from './errors';
import { appRouter } from './root';
import type { TrpcContext } from './trpc';

/**
 * /api/trpc over the fetch API: the route handler's whole configuration, so tests drive the same one with
 * their own database and session. Every response carries its request id (X-Request-Id, and data.requestId
 * of errors: the reference under which the server logged an unexpected error) and Cache-Control: no-store
 * (tRPC answers are per user and private, GET queries included). A batch of more than MAX_BATCH_SIZE calls
 * is refused with 400 before any of them runs.
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
    responseMeta: () => ({ headers: { 'cache-control': 'no-store', 'x-request-id': requestId } }),
  });
}

import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { REQUEST_ID_HEADER, requestIdFor } from '../../lib/request-id';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '../services/kernel/db-errors';
import { withLogContext } from './log';
import { recordHttpRequest } from './metrics';

/**
 * A REST route handler, measured and logged: runs it with the request id (the proxy's X-Request-Id, or
 * a fresh one) in the log context, and records its time to the response head under `route`, a template
 * (`/status/{slug}/history.atom`, never the concrete path: that would be a label per organisation). A
 * handler that throws because the database is unreachable answers 503 with Retry-After; any other throw
 * is counted as a 500 and the error rethrown (Next answers it).
 */
export function instrumentedRoute<A extends unknown[]>(
  route: string,
  handler: (req: Request, ...rest: A) => Response | Promise<Response>,
): (req: Request, ...rest: A) => Promise<Response> {
  return (req, ...rest) => {
    const requestId = requestIdFor(req.headers.get(REQUEST_ID_HEADER), randomUUID);
    return withLogContext({ requestId }, async () => {
      const started = performance.now();
      let status = 500;
      try {
        const response = await handler(req, ...rest);
        status = response.status;
        return response;
      } catch (error) {
        if (!unavailable(error)) throw error;
        status = 503;
        return unavailableResponse(requestId);
      } finally {
        recordHttpRequest(route, req.method, status, (performance.now() - started) / 1000);
      }
    });
  };
}

const unavailable = (error: unknown) =>
  (error instanceof TRPCError && error.code === 'SERVICE_UNAVAILABLE') || isDatabaseUnavailable(error);

/** 503 for a database that is down or restarting: the client (a monitor, Alertmanager) tries again later. */
export function unavailableResponse(requestId: string): Response {
  return Response.json(
    { status: 'unavailable', message: 'The service is temporarily unavailable; try again shortly' },
    {
      status: 503,
      headers: {
        'Cache-Control': 'no-store',
        'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS),
        'X-Request-Id': requestId,
      },
    },
  );
}

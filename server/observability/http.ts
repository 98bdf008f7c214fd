import { randomUUID } from 'node:crypto';
import { REQUEST_ID_HEADER, requestIdFor } from '../../lib/request-id';
import { withLogContext } from './log';
import { recordHttpRequest } from './metrics';

/**
 * A REST route handler, measured and logged: runs it with the request id (the proxy's X-Request-Id, or
 * a fresh one) in the log context, and records its time to the response head under `route`, a template
 * (`/status/{slug}/history.atom`, never the concrete path: that would be a label per organisation). A
 * handler that throws is counted as a 500 and the error rethrown (Next answers it).
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
      } finally {
        recordHttpRequest(route, req.method, status, (performance.now() - started) / 1000);
      }
    });
  };
}

import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { currentLogContext, log } from '../observability/log';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable, sqlState } from '../services/kernel/db-errors';

// What a caller may learn of a failure. Deliberate errors (a ServiceError, a TRPCError with its own code,
// invalid input) carry messages written for the user. Anything else is a bug or an outage: its message
// can hold SQL, parameters and internals, so the caller gets a generic message and a reference, and the
// detail goes to the server log under that reference only.

/** The request id of each error, set by the HTTP handler before tRPC formats the error. */
const references = new WeakMap<object, string>();

/** The current HTTP request's id (observability/http.ts sets it), or a fresh one outside a request. */
export function newRequestId(): string {
  return currentLogContext()?.requestId ?? randomUUID();
}

export function tagWithRequest(error: TRPCError, requestId: string): void {
  references.set(error, requestId);
}

export function requestIdOf(error: TRPCError): string | undefined {
  return references.get(error);
}

/** tRPC turns every error that is not a TRPCError into INTERNAL_SERVER_ERROR, keeping its message. */
export function isUnexpected(error: TRPCError): boolean {
  return error.code === 'INTERNAL_SERVER_ERROR';
}

export function genericMessage(requestId: string): string {
  return `Something went wrong; reference ${requestId}`;
}

export const UNAVAILABLE_MESSAGE = 'The service is temporarily unavailable; try again shortly';

/** An unreachable database as tRPC's 503, or undefined for any other failure. */
export function unavailableError(cause: unknown): TRPCError | undefined {
  if (cause instanceof TRPCError) return cause.code === 'SERVICE_UNAVAILABLE' ? cause : undefined;
  if (!isDatabaseUnavailable(cause)) return undefined;
  return new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: UNAVAILABLE_MESSAGE, cause });
}

/** The headers of a 503 for an unreachable database: when to try again. */
export function retryAfterHeaders(): Record<string, string> {
  return { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) };
}

/**
 * Logs what the caller is not told: unexpected errors, and database refusals that were answered as bad
 * input (a gap in validation worth closing). The request id ties the log line to the caller's reference.
 */
export function logFailure(requestId: string, path: string | undefined, error: TRPCError): void {
  const fields = { component: 'trpc', requestId, path: path ?? '?' };
  if (isUnexpected(error)) log.error('unexpected error', { ...fields, error: error.cause ?? error });
  else if (error.code === 'SERVICE_UNAVAILABLE')
    log.warn('database unavailable', { ...fields, error: error.cause ?? error });
  else if (sqlState(error.cause))
    log.warn('input refused by the database', { ...fields, error: error.cause });
}

import { ServiceError } from './errors';

/** The SQLSTATE of a database error, looking through the wrappers drivers and Drizzle add. */
export function sqlState(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

// Races the database resolved for us: the other writer won, and trying again is the right answer.
const RETRYABLE = new Set(['40001', '40P01', '55P03', '23505']);

/** Maps lost races to CONFLICT; everything else is rethrown unchanged. */
export function conflictOnRace(error: unknown): never {
  if (!(error instanceof ServiceError) && RETRYABLE.has(sqlState(error) ?? '')) {
    throw new ServiceError('CONFLICT', 'Someone else changed this at the same moment; reload and try again');
  }
  throw error;
}

/**
 * Database refusals that can only come from input validation missed (a malformed or out-of-range value, a
 * broken rule, a missing reference), as the caller's own error with a message that names no SQL. Races are
 * CONFLICT, as above. Anything else (a syntax error, a lost connection) is a bug or an outage: undefined.
 */
export function refusedInput(error: unknown): ServiceError | undefined {
  if (error instanceof ServiceError) return undefined;
  const state = sqlState(error);
  if (!state) return undefined;
  if (RETRYABLE.has(state))
    return new ServiceError('CONFLICT', 'Someone else changed this at the same moment; reload and try again');
  // Class 22, data exception: invalid text for a uuid or number, a value out of range, NUL in text.
  if (state.startsWith('22')) return new ServiceError('BAD_REQUEST', 'A value is malformed or out of range');
  if (state === '23503') return new ServiceError('BAD_REQUEST', 'It refers to something that does not exist');
  if (state === '23502' || state === '23514')
    return new ServiceError('BAD_REQUEST', 'A value breaks a rule of the data');
  // Program limit exceeded: e.g. a value too large for an index.
  if (state === '54000') return new ServiceError('BAD_REQUEST', 'A value is too large');
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// An unreachable database: an outage of the whole service, not the request's fault. Callers answer 503
// with Retry-After (a client, Alertmanager included, tries again), never a 500 that reads like a bug.

/** Seconds a client is told to wait before trying again while the database is unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

// SQLSTATEs of a server going away or not taking connections: class 08 (connection exception) is matched
// by prefix; 57P01 admin shutdown (pg_ctl stop, pg_terminate_backend), 57P02 crash shutdown, 57P03 cannot
// connect now (starting up, shutting down, in recovery), 53300 too many connections.
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);

// The socket-level errors node raises when the server cannot be reached or drops the connection.
const UNAVAILABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

// What pg, pg-pool and PGlite say without a code: a connection dropped mid-query, the pool's wait for a
// connection timing out (connectionTimeoutMillis), a client broken by an earlier connection error, the
// embedded database closed as the process shuts down.
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Client has encountered a connection error and is not queryable/,
  /^Client was closed and is not queryable/,
  /^PGlite is closed/,
];

function unavailableHere(e: object): boolean {
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (code.startsWith('08') && code.length === 5) return true;
    if (UNAVAILABLE_STATES.has(code) || UNAVAILABLE_SOCKET_CODES.has(code)) return true;
  }
  const message = (e as { message?: unknown }).message;
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message));
}

/**
 * Whether a failure means the database cannot be reached right now (down, restarting, refusing or
 * dropping connections), looking through Drizzle's and the drivers' wrappers and the AggregateError of
 * a connect to several addresses. A ServiceError never is.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof ServiceError) return false;
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length && seen.size < 16) {
    const e = pending.shift();
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    if (unavailableHere(e)) return true;
    pending.push((e as { cause?: unknown }).cause);
    const inner = (e as { errors?: unknown }).errors;
    if (Array.isArray(inner)) pending.push(...inner);
  }
  return false;
}

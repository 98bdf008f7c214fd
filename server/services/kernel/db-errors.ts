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

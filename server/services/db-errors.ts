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

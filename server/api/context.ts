import { TRPCError } from '@trpc/server';
import { getServerSession, type Session } from 'next-auth';
import { type Database, getDatabase } from '../../db/client';
import { authOptions } from '../auth/options';
import { systemClock } from '../services/kernel/context';
import type { PageView } from '../services/kernel/page-view';
import { UNAVAILABLE_MESSAGE, unavailableError } from './errors';
import type { TrpcContext } from './trpc';

/** Where a context's parts come from; tests pass their own database, clock and session. */
export interface ContextSources {
  /** Reading the session checks the account and its session epoch (auth/options.ts jwt callback). */
  session: () => Promise<Session | null>;
  database: () => Promise<Database>;
  now: () => Date;
}

/** The app's sources: next-auth reads the request's cookie through next/headers. */
export const appSources: ContextSources = {
  session: async () => checkedSession(await getServerSession(authOptions())),
  database: async () => (await getDatabase()).db,
  now: systemClock,
};

/** A session that could not be checked for want of the database (auth/options.ts) is an outage: 503. */
export function checkedSession(session: Session | null): Session | null {
  if (session?.databaseUnavailable)
    throw new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: UNAVAILABLE_MESSAGE });
  return session;
}

/**
 * The one way a tRPC context is built: per HTTP request by the route handler, once per render by the
 * server caller (which also passes the render's page view).
 */
export async function createTrpcContext(
  sources: ContextSources = appSources,
  view?: PageView,
): Promise<TrpcContext> {
  try {
    const [session, db] = await Promise.all([sources.session(), sources.database()]);
    return { db, session, now: sources.now, ...(view && { view }) };
  } catch (error) {
    // The database cannot be opened (down at start-up) or the session not checked: 503, not a 500.
    throw unavailableError(error) ?? error;
  }
}

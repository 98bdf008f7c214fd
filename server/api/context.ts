import { getServerSession, type Session } from 'next-auth';
import { type Database, getDatabase } from '../../db/client';
import { authOptions } from '../auth/options';
import { systemClock } from '../services/kernel/context';
import type { PageView } from '../services/kernel/page-view';
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
  session: () => getServerSession(authOptions()),
  database: async () => (await getDatabase()).db,
  now: systemClock,
};

/**
 * The one way a tRPC context is built: per HTTP request by the route handler, once per render by the
 * server caller (which also passes the render's page view).
 */
export async function createTrpcContext(
  sources: ContextSources = appSources,
  view?: PageView,
): Promise<TrpcContext> {
  const [session, db] = await Promise.all([sources.session(), sources.database()]);
  return { db, session, now: sources.now, ...(view && { view }) };
}

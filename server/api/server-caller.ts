import 'server-only';
import { TRPCError } from '@trpc/server';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { PageView } from '../services/kernel/page-view';
import { appSources, type ContextSources, createTrpcContext } from './context';
import { createCaller } from './root';

/** Makes a function run once per request (React's cache() in a server render; tests pass their own). */
export type PerRequest = <T>(fn: () => T) => () => T;

/**
 * Server components' access to the session and the procedures, one context per request: a layout, its
 * page and the page's components share one session read (which checks the account and its session epoch,
 * so a revoked session is signed out on every page) and one page view (kernel/page-view.ts).
 */
export function serverAccess(sources: ContextSources, perRequest: PerRequest) {
  const context = perRequest(() => createTrpcContext(sources, new PageView()));
  const caller = perRequest(async () => createCaller(await context()));
  return {
    /** The signed-in user of this request, or a redirect to the sign-in page (also for a revoked session). */
    async requireSession() {
      const { session } = await context();
      if (!session?.user) redirect('/signin');
      return session as typeof session & { user: NonNullable<typeof session.user> };
    },
    /** A tRPC caller for server components: the same procedures, authorisation and errors as the API. */
    serverCaller: caller,
  };
}

export const { requireSession, serverCaller } = serverAccess(appSources, cache);

/** Turns a NOT_FOUND from a procedure into the page's 404, as a denied read must look like absence. */
export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof TRPCError && (error.code === 'NOT_FOUND' || error.code === 'BAD_REQUEST'))
      notFound();
    throw error;
  }
}

import 'server-only';
import { TRPCError } from '@trpc/server';
import { notFound, redirect } from 'next/navigation';
import { getServerSession } from 'next-auth';
import { cache } from 'react';
import { getDatabase } from '../../db/client';
import { authOptions } from '../auth/options';
import { systemClock } from '../services/kernel/context';
import { createCaller } from './root';

// Once per request: reading the session checks the account and its session epoch in the database, and a
// page's layout and the page itself both ask.
const currentSession = cache(() => getServerSession(authOptions()));

/** The signed-in user of this request, or a redirect to the sign-in page (also for a revoked session). */
export async function requireSession() {
  const session = await currentSession();
  if (!session?.user) redirect('/signin');
  return session as typeof session & { user: NonNullable<typeof session.user> };
}

/** A tRPC caller for server components: the same procedures, authorisation and errors as the API. */
export async function serverCaller() {
  const session = await currentSession();
  const { db } = await getDatabase();
  return createCaller({ db, session, now: systemClock });
}

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

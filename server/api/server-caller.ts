import 'server-only';
import { TRPCError } from '@trpc/server';
import { notFound, redirect } from 'next/navigation';
import { getServerSession } from 'next-auth';
import { getDatabase } from '../../db/client';
import { authOptions } from '../auth/options';
import { systemClock } from '../services/context';
import { createCaller } from './root';

/** The signed-in user of this request, or a redirect to the sign-in page. */
export async function requireSession() {
  const session = await getServerSession(authOptions());
  if (!session?.user) redirect('/signin');
  return session as typeof session & { user: NonNullable<typeof session.user> };
}

/** A tRPC caller for server components: the same procedures, authorisation and errors as the API. */
export async function serverCaller() {
  const session = await getServerSession(authOptions());
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

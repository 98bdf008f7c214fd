import { initTRPC, TRPCError } from '@trpc/server';
import type { Session } from 'next-auth';
import superjson from 'superjson';
import { z } from 'zod';
import type { Database } from '../../db/client';
import type { Role } from '../../workflows/tickets/constants';
import type { Actor, ServiceContext } from '../services/kernel/context';
import { refusedInput } from '../services/kernel/db-errors';
import { ServiceError } from '../services/kernel/errors';
import type { PageView } from '../services/kernel/page-view';
import { fieldErrorsOf } from '../services/kernel/parse';
import { loadActiveUser } from '../services/users/authenticate';
import {
  genericMessage,
  isUnexpected,
  logFailure,
  newRequestId,
  requestIdOf,
  unavailableError,
} from './errors';

/** Built by createTrpcContext (context.ts) for an HTTP request, or once per render for the server caller. */
export interface TrpcContext {
  db: Database;
  session: Session | null;
  now: () => Date;
  /** The server caller's page view (kernel/page-view.ts); absent over HTTP. */
  view?: PageView;
}

const t = initTRPC.context<TrpcContext>().create({
  transformer: superjson,
  // Subscriptions (server-sent events, the live views): a ping every 15 s keeps idle streams open through
  // proxies and lets the browser notice a dead one (no ping for 40 s: it reconnects). After 30 min a stream
  // ends and the browser reconnects, resuming from its last event: the session is then checked in full
  // again (its expiry too, which the live hub's periodic epoch check does not read).
  sse: {
    ping: { enabled: true, intervalMs: 15_000 },
    client: { reconnectAfterInactivityMs: 40_000 },
    maxDurationMs: 30 * 60_000,
  },
  errorFormatter({ shape, error, path }) {
    // An unexpected error's message (and so shape.message) can hold SQL and parameters: the caller gets a
    // generic message and the request id the detail is logged under (errors.ts).
    if (isUnexpected(error)) {
      let requestId = requestIdOf(error);
      if (!requestId) {
        // Not through the HTTP handler (which logs): log here, so the detail is never lost.
        requestId = newRequestId();
        logFailure(requestId, path, error);
      }
      return {
        ...shape,
        message: genericMessage(requestId),
        data: { ...shape.data, stack: undefined, fieldErrors: null, requestId },
      };
    }
    // Field errors for forms: from input parsing (ZodError) or from a service's own validation, keyed
    // alike by dotted path ('weekly.2.end', '_' for the whole input: kernel/parse.ts fieldErrorsOf), so a
    // nested problem reaches its own row of a form, not just the top-level field.
    const cause = error.cause;
    const fieldErrors: Record<string, string[] | undefined> | null =
      cause instanceof z.ZodError
        ? fieldErrorsOf(cause.issues)
        : cause instanceof ServiceError
          ? (cause.fieldErrors ?? null)
          : null;
    const requestId = requestIdOf(error) ?? null;
    return { ...shape, data: { ...shape.data, stack: undefined, fieldErrors, requestId } };
  },
});

export const createCallerFactory = t.createCallerFactory;
export const router = t.router;

/**
 * ServiceError → TRPCError, one to one. A database refusal of input that validation let through answers as
 * the caller's error (db-errors.ts refusedInput; the handler logs the detail); an unreachable database is
 * SERVICE_UNAVAILABLE (503). Anything else stays a 500 without details.
 */
const serviceErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  if (cause instanceof ServiceError) throw new TRPCError({ code: cause.code, message: cause.message, cause });
  const refused = refusedInput(cause);
  if (refused) throw new TRPCError({ code: refused.code, message: refused.message, cause });
  // The database is down or restarting: 503 (the HTTP handler adds Retry-After), not a 500 that reads as a bug.
  const unavailable = unavailableError(cause);
  if (unavailable) throw unavailable;
  return result;
});

export const publicProcedure = t.procedure.use(serviceErrors);

/** Signed in: the actor comes from the session's JWT claims. Good for reads. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  const user = ctx.session?.user;
  if (!user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first' });
  const actor: Actor = { type: 'user', ...user };
  const service: ServiceContext = { db: ctx.db, actor, now: ctx.now, view: ctx.view };
  return next({ ctx: { ...ctx, actor, service } });
});

/**
 * For writes: re-reads the user so a deactivated account or a changed role takes effect at once instead
 * of when the JWT expires, then checks the role.
 */
export function roleProcedure(roles: readonly Role[]) {
  return protectedProcedure.use(async ({ ctx, next }) => {
    const fresh = await loadActiveUser(ctx.db, ctx.actor.id);
    if (!fresh) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Your account is no longer active' });
    if (!roles.includes(fresh.role))
      throw new TRPCError({ code: 'FORBIDDEN', message: 'Your role cannot do that' });
    const actor: Actor = { type: 'user', ...fresh };
    // A write reads afresh: no page view's remembered tickets or records.
    return next({ ctx: { ...ctx, actor, service: { db: ctx.db, actor, now: ctx.now } } });
  });
}

/** Admin writes (SLA calendars and policies, escalation policies, users). */
export const adminProcedure = roleProcedure(['admin']);

export const anyUserWriteProcedure = roleProcedure([
  'admin',
  'manager',
  'noc_engineer',
  'soc_analyst',
  'customer',
]);

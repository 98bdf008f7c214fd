import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import type { OAuthConfig } from 'next-auth/providers/oauth';
import { z } from 'zod';
import { type Database, getDatabase } from '../../db/client';
import { safeCallback } from '../../lib/safe-callback';
import { retryErrorCode } from '../../lib/sign-in-errors';
import type { Role } from '../../workflows/tickets/constants';
import { log } from '../observability/log';
import { systemClock } from '../services/kernel/context';
import { isDatabaseUnavailable } from '../services/kernel/db-errors';
import { currentSessionClaims, loadSessionUser, recordSignIn } from '../services/users/internal/session';
import { provisionOidcUser } from '../services/users/provision-oidc';
import { signInWithPassword } from '../services/users/sign-in';
import { clientAddress } from './client-address';
import { mapOidcRole } from './oidc-roles';
import { authSecret } from './secret';

const credentials = z.object({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(1024),
});

interface OidcProfile {
  sub: string;
  email?: string;
  name?: string;
  [claim: string]: unknown;
}

/** An OIDC provider, enabled only when OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are all set. */
function oidcProvider(): OAuthConfig<OidcProfile> | null {
  const { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret } = process.env;
  if (!issuer || !clientId || !clientSecret) return null;
  return {
    id: 'oidc',
    name: process.env.OIDC_NAME ?? 'Single sign-on',
    type: 'oauth',
    wellKnown: `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
    clientId,
    clientSecret,
    idToken: true,
    checks: ['pkce', 'state'],
    authorization: { params: { scope: 'openid email profile' } },
    profile: (profile) => ({
      id: profile.sub,
      email: profile.email ?? null,
      name: profile.name ?? profile.email,
    }),
  };
}

let cached: NextAuthOptions | undefined;

/** Built lazily: reading the secret touches the data directory, which `next build` must not do. */
export function authOptions(): NextAuthOptions {
  cached ??= createAuthOptions({
    database: async () => (await getDatabase()).db,
    now: systemClock,
    secret: authSecret(),
  });
  return cached;
}

export interface AuthDependencies {
  database: () => Promise<Database>;
  now: () => Date;
  secret: string;
}

/** The next-auth configuration over a given database and clock (tests pass their own). */
export function createAuthOptions(deps: AuthDependencies): NextAuthOptions {
  const oidc = oidcProvider();
  return {
    secret: deps.secret,
    session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
    pages: { signIn: '/signin' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: {
          email: { label: 'Email', type: 'email' },
          password: { label: 'Password', type: 'password' },
        },
        async authorize(raw, req) {
          const parsed = credentials.safeParse(raw);
          if (!parsed.success) return null;
          const result = await signInWithPassword(
            { db: await deps.database(), now: deps.now },
            { ...parsed.data, address: clientAddress(req?.headers ?? {}) },
          ).catch((error: unknown) => {
            // next-auth would put the message (a database error's, say) into the URL it answers with.
            log.error('password sign-in failed', { component: 'auth', error });
            throw new Error('SignInUnavailable');
          });
          // next-auth answers a thrown error with its message as the error code (and 401, which the auth
          // route turns into 429 with Retry-After for these codes); the sign-in form shows the wait.
          if (result.kind === 'throttled' || result.kind === 'busy')
            throw new Error(retryErrorCode(result.kind, result.retryAfterSeconds));
          if (result.kind !== 'ok') return null;
          return { id: result.user.id, email: result.user.email, name: result.user.name };
        },
      }),
      ...(oidc ? [oidc] : []),
    ],
    callbacks: {
      // Every callbackUrl next-auth follows (sign-in, SSO return, sign-out) stays on our origin.
      redirect({ url, baseUrl }) {
        return `${baseUrl}${safeCallback(url, baseUrl)}`;
      },
      async signIn({ account, profile, user }) {
        if (account?.provider !== 'oidc') return true;
        const role = mapOidcRole(
          (profile as Record<string, unknown> | undefined)?.[process.env.OIDC_ROLE_CLAIM ?? 'groups'],
          process.env.OIDC_ROLE_MAP,
        );
        if (!role || !user.email) return false;
        const provisioned = await provisionOidcUser(
          { db: await deps.database(), now: deps.now },
          {
            email: user.email,
            // A blank name would break users_name_present: the email stands in.
            name: user.name?.trim() || user.email,
            role,
          },
        );
        if (!provisioned) return false;
        user.id = provisioned.id;
        return true;
      },
      // On every request (each getServerSession, the tRPC context included), not only at sign-in: the user
      // must still be active and the token's session epoch current, and the claims are re-read, so a
      // revoked session reads as signed out everywhere and no read trusts a stale role.
      async jwt({ token: flagged, user }) {
        const { databaseUnavailable: _, ...token } = flagged;
        let claims: Awaited<ReturnType<typeof currentSessionClaims>>;
        try {
          const db = await deps.database();
          claims = user ? await loadSessionUser(db, user.id) : await currentSessionClaims(db, token);
          // `user` is there only when the session is being issued: a sign-in that succeeded.
          if (user && claims) await recordSignIn(db, claims.id, deps.now());
        } catch (error) {
          // The check could not be made. next-auth would swallow a throw and clear the cookie, signing
          // everyone out over a database restart: keep the token as it was, flagged, so the session has
          // no user and the tRPC context answers 503 instead (context.ts); the next request checks again.
          if (!user && isDatabaseUnavailable(error)) return { ...token, databaseUnavailable: true };
          throw error;
        }
        // Revoked: a token without claims, whose session has no user (pages redirect, tRPC says UNAUTHORIZED).
        if (!claims) return {};
        return {
          ...token,
          uid: claims.id,
          role: claims.role,
          organisationId: claims.organisationId,
          email: claims.email,
          name: claims.name,
          epoch: claims.epoch,
        };
      },
      session({ session, token }) {
        if (token.databaseUnavailable) return { expires: session.expires, databaseUnavailable: true };
        // next-auth pre-fills name and email from the token; a session without our claims has no user.
        if (!token.uid || !token.role || !token.organisationId) return { expires: session.expires };
        session.user = {
          id: token.uid,
          email: token.email ?? '',
          name: token.name ?? '',
          role: token.role,
          organisationId: token.organisationId,
        };
        return session;
      },
    },
  };
}

declare module 'next-auth' {
  interface Session {
    user?: { id: string; email: string; name: string; role: Role; organisationId: string };
    /** The session could not be checked: the database was unreachable (no user then; callers answer 503). */
    databaseUnavailable?: boolean;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    uid?: string;
    role?: Role;
    organisationId?: string;
    /** users.session_epoch at sign-in: a bumped epoch revokes the session. */
    epoch?: number;
    /** Set (and cleared on the next check) while the database could not be reached. */
    databaseUnavailable?: boolean;
  }
}

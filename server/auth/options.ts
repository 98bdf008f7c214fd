import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import type { OAuthConfig } from 'next-auth/providers/oauth';
import { z } from 'zod';
import { getDatabase } from '../../db/client';
import { safeCallback } from '../../lib/safe-callback';
import type { Role } from '../../workflows/tickets/constants';
import { authenticateWithPassword, loadActiveUser } from '../services/users/authenticate';
import { provisionOidcUser } from '../services/users/provision-oidc';
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
  if (cached) return cached;
  const oidc = oidcProvider();
  cached = {
    secret: authSecret(),
    session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
    pages: { signIn: '/signin' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: {
          email: { label: 'Email', type: 'email' },
          password: { label: 'Password', type: 'password' },
        },
        async authorize(raw) {
          const parsed = credentials.safeParse(raw);
          if (!parsed.success) return null;
          const { db } = await getDatabase();
          const user = await authenticateWithPassword(db, parsed.data.email, parsed.data.password);
          return user ? { id: user.id, email: user.email, name: user.name } : null;
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
        const { db } = await getDatabase();
        const provisioned = await provisionOidcUser(db, {
          email: user.email,
          name: user.name ?? user.email,
          role,
        });
        if (!provisioned) return false;
        user.id = provisioned.id;
        return true;
      },
      async jwt({ token, user }) {
        // On sign-in only: afterwards the token carries the claims, and writes re-read the user.
        if (user) {
          const { db } = await getDatabase();
          const fresh = await loadActiveUser(db, user.id);
          if (fresh) {
            token.uid = fresh.id;
            token.role = fresh.role;
            token.organisationId = fresh.organisationId;
            token.email = fresh.email;
            token.name = fresh.name;
          }
        }
        return token;
      },
      session({ session, token }) {
        if (token.uid && token.role && token.organisationId) {
          session.user = {
            id: token.uid,
            email: token.email ?? '',
            name: token.name ?? '',
            role: token.role,
            organisationId: token.organisationId,
          };
        }
        return session;
      },
    },
  };
  return cached;
}

declare module 'next-auth' {
  interface Session {
    user?: { id: string; email: string; name: string; role: Role; organisationId: string };
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    uid?: string;
    role?: Role;
    organisationId?: string;
  }
}

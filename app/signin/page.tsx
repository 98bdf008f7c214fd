import type { Metadata } from 'next';
import { SignInForm } from './signin-form';

export const metadata: Metadata = { title: 'Sign in' };

export default function SignInPage() {
  const sso = Boolean(
    process.env.OIDC_ISSUER && process.env.OIDC_CLIENT_ID && process.env.OIDC_CLIENT_SECRET,
  );
  return (
    <main className="mx-auto mt-24 max-w-sm px-4">
      <h1 className="mb-1 text-2xl font-semibold">Watchfloor</h1>
      <p className="mb-6 text-zinc-600 dark:text-zinc-400">
        Sign in to the NOC / SOC console or your customer portal.
      </p>
      <SignInForm sso={sso} />
    </main>
  );
}

export const dynamic = 'force-dynamic';

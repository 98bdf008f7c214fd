'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { z } from 'zod';
import { Button, FormAlert, Input } from '@/app/_components/form';
import { useServerForm } from '@/app/_components/forms/use-server-form';
import { safeCallback } from '@/lib/safe-callback';
import { parseRetryError, retryErrorMessage } from '@/lib/sign-in-errors';

const schema = z.object({
  email: z.email('Enter your email address'),
  password: z.string().min(1, 'Enter your password'),
});

/** The one form not sent through tRPC: next-auth's signIn answers with an error code, not field errors. */
export function SignInForm({ sso }: { sso: boolean }) {
  const router = useRouter();
  const params = useSearchParams();
  const f = useServerForm(schema, { email: '', password: '' }, 'signin');

  const onSubmit = f.onSubmit(async (values) => {
    const result = await signIn('credentials', { ...values, redirect: false });
    if (!result || result.error) {
      const retry = parseRetryError(result?.error);
      f.setFailure(retry ? retryErrorMessage(retry) : 'Wrong email or password.');
      return;
    }
    // Only a path on this origin is followed after sign-in, never another host from the query string.
    router.replace(safeCallback(params.get('callbackUrl'), window.location.origin));
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      {f.field('email', 'Email', <Input type="email" autoComplete="username" {...f.register('email')} />)}
      {f.field(
        'password',
        'Password',
        <Input type="password" autoComplete="current-password" {...f.register('password')} />,
      )}
      <FormAlert message={f.failure} />
      <Button type="submit" disabled={f.pending} className="w-full">
        {f.pending ? 'Signing in…' : 'Sign in'}
      </Button>
      {sso && (
        <Button
          type="button"
          variant="ghost"
          className="w-full"
          onClick={() => signIn('oidc', { callbackUrl: '/' })}
        >
          Sign in with single sign-on
        </Button>
      )}
    </form>
  );
}

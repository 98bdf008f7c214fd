'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter, useSearchParams } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { FormAlert } from '@/app/_components/form';
import { safeCallback } from '@/lib/safe-callback';
import { parseRetryError, retryErrorMessage } from '@/lib/sign-in-errors';
import { Button, FieldError, Input, Label } from '../_components/form';

const schema = z.object({
  email: z.email('Enter your email address'),
  password: z.string().min(1, 'Enter your password'),
});
type Values = z.infer<typeof schema>;

export function SignInForm({ sso }: { sso: boolean }) {
  const router = useRouter();
  const params = useSearchParams();
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { email: '', password: '' } });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setFailure(null);
    const result = await signIn('credentials', { ...values, redirect: false });
    if (!result || result.error) {
      const retry = parseRetryError(result?.error);
      setFailure(retry ? retryErrorMessage(retry) : 'Wrong email or password.');
      return;
    }
    // Only a path on this origin is followed after sign-in, never another host from the query string.
    router.replace(safeCallback(params.get('callbackUrl'), window.location.origin));
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <div>
        <Label htmlFor="email">Email</Label>
        <Input
          id="email"
          type="email"
          autoComplete="username"
          aria-invalid={!!errors.email}
          {...form.register('email')}
        />
        <FieldError id="email-error" message={errors.email?.message} />
      </div>
      <div>
        <Label htmlFor="password">Password</Label>
        <Input
          id="password"
          type="password"
          autoComplete="current-password"
          aria-invalid={!!errors.password}
          {...form.register('password')}
        />
        <FieldError id="password-error" message={errors.password?.message} />
      </div>
      <FormAlert message={failure} />
      <Button type="submit" disabled={isSubmitting} className="w-full">
        {isSubmitting ? 'Signing in…' : 'Sign in'}
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

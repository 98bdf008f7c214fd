'use client';

import { useMutation } from '@tanstack/react-query';
import { signOut } from 'next-auth/react';
import { useTRPC } from '@/lib/trpc/client';

const look = 'text-sm text-zinc-600 hover:underline dark:text-zinc-400';

export function SignOutButton() {
  return (
    <button type="button" onClick={() => signOut({ callbackUrl: '/signin' })} className={look}>
      Sign out
    </button>
  );
}

/**
 * Ends every session of this account (other browsers, the wallboard, a copied cookie), then this one's
 * cookie. The server revokes by bumping the account's session epoch; the local sign-out follows either way.
 */
export function SignOutEverywhereButton() {
  const trpc = useTRPC();
  const revoke = useMutation(trpc.users.signOutEverywhere.mutationOptions());
  const onClick = async () => {
    if (!window.confirm('Sign out of Watchfloor on every device and browser?')) return;
    await revoke.mutateAsync().catch(() => undefined);
    await signOut({ callbackUrl: '/signin' });
  };
  return (
    <button type="button" onClick={onClick} disabled={revoke.isPending} className={look}>
      Sign out everywhere
    </button>
  );
}

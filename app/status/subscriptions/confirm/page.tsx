import type { Metadata } from 'next';
import { TokenAction } from '../_components/token-action';

export const dynamic = 'force-dynamic';
// The URL carries the token: no Referer to wherever the visitor goes next.
export const metadata: Metadata = { title: 'Confirm subscription', referrer: 'no-referrer' };

type Props = { searchParams: Promise<{ token?: string | string[] }> };

/** The confirmation mail's link: shows the button, changes nothing until it is pressed. */
export default async function ConfirmSubscriptionPage({ searchParams }: Props) {
  const { token } = await searchParams;
  return (
    <main className="mx-auto max-w-xl px-4 py-10">
      <h1 className="mb-4 text-2xl font-semibold">Confirm your subscription</h1>
      <p className="mb-6 text-sm text-muted">
        Press the button to start receiving status updates at the address this link was sent to.
      </p>
      <TokenAction
        action="confirm"
        token={typeof token === 'string' ? token : ''}
        label="Confirm subscription"
      />
    </main>
  );
}

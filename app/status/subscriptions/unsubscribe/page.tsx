import type { Metadata } from 'next';
import { TokenAction } from '../_components/token-action';

export const dynamic = 'force-dynamic';
// The URL carries the token: no Referer to wherever the visitor goes next.
export const metadata: Metadata = { title: 'Unsubscribe', referrer: 'no-referrer' };

type Props = { searchParams: Promise<{ token?: string | string[] }> };

/** Every message's unsubscribe link: shows the button, changes nothing until it is pressed. */
export default async function UnsubscribePage({ searchParams }: Props) {
  const { token } = await searchParams;
  return (
    <main className="mx-auto max-w-xl px-4 py-10">
      <h1 className="mb-4 text-2xl font-semibold">Unsubscribe from status updates</h1>
      <p className="mb-6 text-sm text-muted">Press the button and no further messages will be sent.</p>
      <TokenAction action="unsubscribe" token={typeof token === 'string' ? token : ''} label="Unsubscribe" />
    </main>
  );
}

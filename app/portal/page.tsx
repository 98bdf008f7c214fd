import type { Metadata } from 'next';
import Link from 'next/link';
import { SecurityNotices } from '@/app/_components/security-notices';
import { SignOutButton, SignOutEverywhereButton } from '@/app/_components/sign-out-button';
import { TicketTable } from '@/app/_components/ticket-table';
import { requireSession, serverCaller } from '@/server/api/server-caller';

export const metadata: Metadata = { title: 'Portal' };
export const dynamic = 'force-dynamic';

/** The customer portal: their organisation's tickets only (the service filters, not this page). */
export default async function PortalPage() {
  const { user } = await requireSession();
  const api = await serverCaller();
  // A customer gets its own organisation's notices whatever it asks (the service confines it).
  const [page, notices] = await Promise.all([
    api.tickets.list({ limit: 50 }),
    api.security.notices({ organisationId: user.organisationId, limit: 20 }),
  ]);
  const org = page.items[0]?.organisation;
  return (
    <main className="mx-auto max-w-5xl px-4 py-8">
      <header className="mb-6 flex items-center justify-between">
        <h1 className="text-xl font-semibold">Your tickets</h1>
        <div className="flex items-center gap-4 text-sm">
          <span>{user.name}</span>
          {org && (
            <Link className="text-sky-700 hover:underline dark:text-sky-400" href={`/status/${org.slug}`}>
              Status page
            </Link>
          )}
          <SignOutButton />
          <SignOutEverywhereButton />
        </div>
      </header>
      <SecurityNotices notices={notices} />
      <TicketTable tickets={page.items} empty="No tickets for your organisation." renderedAt={Date.now()} />
    </main>
  );
}

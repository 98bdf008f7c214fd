import type { Metadata } from 'next';
import Link from 'next/link';
import { TicketTable } from '@/app/_components/ticket-table';
import { serverCaller } from '@/server/api/server-caller';

export const metadata: Metadata = { title: 'NOC queue' };
export const dynamic = 'force-dynamic';

export default async function NocQueuePage() {
  const api = await serverCaller();
  const page = await api.tickets.list({ kind: 'outage', openOnly: true, sort: 'urgency', limit: 100 });
  return (
    <>
      <div className="mb-4 flex items-center justify-between">
        <h1 className="text-xl font-semibold">NOC queue</h1>
        <Link
          href="/tickets/new"
          className="rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800"
        >
          New outage
        </Link>
      </div>
      <TicketTable tickets={page.items} empty="No open outages. Quiet shift." renderedAt={Date.now()} />
    </>
  );
}

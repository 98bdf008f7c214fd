import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { TicketTable } from '@/app/_components/ticket-table';
import { requireSession, serverCaller } from '@/server/api/server-caller';
import { roleHas } from '@/server/auth/permissions';

export const metadata: Metadata = { title: 'SOC queue' };
export const dynamic = 'force-dynamic';

export default async function SocQueuePage() {
  const { user } = await requireSession();
  if (!roleHas(user.role, 'security.read')) notFound();
  const api = await serverCaller();
  const page = await api.tickets.list({ kind: 'security', openOnly: true, sort: 'urgency', limit: 100 });
  return (
    <>
      <h1 className="mb-4 text-xl font-semibold">SOC queue</h1>
      <TicketTable tickets={page.items} empty="No open security incidents." renderedAt={Date.now()} />
    </>
  );
}

import { Plus } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import type { SearchParams } from '@/app/(console)/_components/queue/queue-params';
import { QueueView } from '@/app/(console)/_components/queue/queue-view';
import { requireSession } from '@/server/api/server-caller';
import { roleHas } from '@/server/auth/permissions';

export const metadata: Metadata = { title: 'NOC queue' };
export const dynamic = 'force-dynamic';

export default async function NocQueuePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { user } = await requireSession();
  const newOutage = roleHas(user.role, 'outage.create') && (
    <Link
      href="/tickets/new"
      className="inline-flex items-center gap-1 rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800"
    >
      <Plus aria-hidden className="size-4" />
      New outage
    </Link>
  );
  return <QueueView view="noc" searchParams={await searchParams} actions={newOutage} />;
}

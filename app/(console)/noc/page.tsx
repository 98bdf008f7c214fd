import { MonitorPlay, Plus } from 'lucide-react';
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
  // The wall screen's view of this queue (app/wallboard): dark, large type, no console around it.
  const actions = (
    <div className="flex flex-wrap items-center gap-2">
      <Link
        href="/wallboard"
        className="inline-flex items-center gap-1 rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium text-zinc-800 hover:bg-zinc-100 dark:border-zinc-700 dark:text-zinc-200 dark:hover:bg-zinc-800"
      >
        <MonitorPlay aria-hidden className="size-4" />
        Wallboard
      </Link>
      {newOutage}
    </div>
  );
  return <QueueView view="noc" searchParams={await searchParams} actions={actions} />;
}

import type { Metadata } from 'next';
import {
  type SearchParams,
  VIEW,
  type QueueView as View,
} from '@/app/(console)/_components/queue/queue-params';
import { QueueView } from '@/app/(console)/_components/queue/queue-view';
import { requireSession } from '@/server/api/server-caller';

export const dynamic = 'force-dynamic';

/** The views that live on /tickets (`?view=`); the NOC and SOC queues have pages of their own. */
const TICKET_VIEWS = ['all', 'mine', 'breaching'] as const satisfies readonly View[];
type Props = { searchParams: Promise<SearchParams> };

function viewOf(params: SearchParams): (typeof TICKET_VIEWS)[number] {
  const asked = Array.isArray(params.view) ? params.view[0] : params.view;
  return TICKET_VIEWS.find((v) => v === asked) ?? 'all';
}

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  return { title: VIEW[viewOf(await searchParams)].title };
}

/**
 * Every ticket the viewer may see, open ones by default, resolved and closed ones one filter away; and
 * the personal views: My work (assigned to me) and Breaching soon (next deadline within the hour).
 */
export default async function TicketsPage({ searchParams }: Props) {
  await requireSession();
  const params = await searchParams;
  return <QueueView view={viewOf(params)} searchParams={params} />;
}

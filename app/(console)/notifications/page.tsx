import type { Metadata } from 'next';
import Link from 'next/link';
import { RelativeTime } from '@/app/_components/relative-time';
import { serverCaller } from '@/server/api/server-caller';
import { MarkAllRead } from './mark-all-read';

export const metadata: Metadata = { title: 'Notifications' };
export const dynamic = 'force-dynamic';

export default async function NotificationsPage() {
  const { items, unread } = await (await serverCaller()).notifications.list({ limit: 100 });
  const unreadIds = items.filter((n) => !n.readAt).map((n) => n.id);
  return (
    <>
      <div className="mb-4 flex items-center justify-between">
        <h1 className="text-xl font-semibold">Notifications ({unread} unread)</h1>
        {unreadIds.length > 0 && <MarkAllRead ids={unreadIds} />}
      </div>
      {items.length === 0 && (
        <p className="text-muted">Nothing yet. SLA warnings, breaches and escalations land here.</p>
      )}
      <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" aria-label="Notifications">
        {items.map((n) => (
          <li
            key={n.id}
            className={`flex items-center justify-between py-2 ${n.readAt ? 'text-muted' : 'font-medium'}`}
          >
            <span>
              {!n.readAt && <span className="sr-only">Unread: </span>}
              {n.ticket ? (
                <Link href={`/tickets/${n.ticket}`} className="hover:underline">
                  {n.title}
                </Link>
              ) : (
                n.title
              )}
            </span>
            <span className="text-sm text-muted">
              <RelativeTime date={n.createdAt} />
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}

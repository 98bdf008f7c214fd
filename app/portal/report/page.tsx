import type { Metadata } from 'next';
import Link from 'next/link';
import { requireSession, serverCaller } from '@/server/api/server-caller';
import { roleHas } from '@/server/auth/permissions';
import { ReportForm } from './report-form';

export const metadata: Metadata = { title: 'Report an issue' };
export const dynamic = 'force-dynamic';

export default async function ReportPage() {
  const { user } = await requireSession();
  if (!roleHas(user.role, 'portal.report'))
    return (
      <>
        <h1 className="mb-2 text-xl font-semibold">Report an issue</h1>
        <p>
          Customers report issues here. Staff open outages in the console:{' '}
          <Link href="/tickets/new" className="text-sky-700 hover:underline dark:text-sky-400">
            New outage
          </Link>
          .
        </p>
      </>
    );
  const organisation = await (await serverCaller()).portal.organisation();
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">Report an issue</h1>
      <p className="mb-6 max-w-2xl text-sm text-zinc-600 dark:text-zinc-400">
        Support sees your report at once in its queue, and your SLA starts now. You can follow it and add
        comments on its page.
      </p>
      <ReportForm organisation={organisation} />
    </>
  );
}

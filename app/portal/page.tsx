import type { Metadata } from 'next';
import Link from 'next/link';
import { buttonClassName } from '@/app/_components/form';
import { SecurityNotices } from '@/app/_components/security-notices';
import { requireSession, serverCaller } from '@/server/api/server-caller';
import { portalFiltersOf } from './_components/filter-params';
import { PortalFilters } from './_components/portal-filters';
import { PortalTicketTable } from './_components/portal-ticket-table';

export const metadata: Metadata = { title: 'Portal' };
export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The customer portal: their organisation's tickets only (the service confines them, not this page). */
export default async function PortalPage({ searchParams }: Props) {
  const { user } = await requireSession();
  const api = await serverCaller();
  const organisation = await api.portal.organisation();
  const filters = portalFiltersOf(
    await searchParams,
    organisation.services.map((s) => s.id),
  );
  // A customer gets its own organisation's notices whatever it asks (the service confines it).
  const [page, notices] = await Promise.all([
    api.portal.tickets({
      status: filters.status,
      serviceId: filters.serviceId,
      text: filters.text,
      limit: 50,
    }),
    api.security.notices({ organisationId: user.organisationId, limit: 20 }),
  ]);
  const filtered = filters.status !== 'all' || filters.serviceId !== undefined || filters.text !== undefined;
  return (
    <>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-xl font-semibold">Your tickets</h1>
        <Link href="/portal/report" className={buttonClassName()}>
          Report an issue
        </Link>
      </div>
      <SecurityNotices notices={notices} />
      <PortalFilters values={filters} services={organisation.services} />
      {page.items.length === 0 ? (
        <div className="rounded-md border border-dashed border-zinc-300 px-4 py-8 text-center dark:border-zinc-700">
          {filtered ? (
            <p>
              No tickets match these filters.{' '}
              <Link href="/portal" className="text-sky-700 hover:underline dark:text-sky-400">
                Clear the filters
              </Link>{' '}
              or search for other words.
            </p>
          ) : (
            <p>
              Your organisation has no tickets yet. If something is not working,{' '}
              <Link href="/portal/report" className="text-sky-700 hover:underline dark:text-sky-400">
                report an issue
              </Link>{' '}
              and support will pick it up.
            </p>
          )}
        </div>
      ) : (
        <PortalTicketTable tickets={page.items} renderedAt={Date.now()} />
      )}
      {page.truncated && (
        <p className="mt-3 text-sm text-muted">
          Showing the {page.items.length} most relevant tickets (open ones first, then the newest). Use the
          filters or search to find older ones.
        </p>
      )}
    </>
  );
}

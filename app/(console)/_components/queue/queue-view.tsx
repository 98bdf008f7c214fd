import { TRPCError } from '@trpc/server';
import { ChevronRight, ChevronsLeft } from 'lucide-react';
import Link from 'next/link';
import { TicketTable } from '@/app/_components/ticket-table';
import { serverCaller } from '@/server/api/server-caller';
import { type FilterChoices, QueueFilters } from './queue-filters';
import {
  filterValues,
  listInput,
  type SearchParams,
  VIEW,
  type QueueView as View,
  viewHref,
} from './queue-params';

/** A page the service refuses (only a cursor can be wrong: every filter was checked) reads as null. */
async function refusedAsNull<T>(promise: Promise<T>): Promise<T | null> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof TRPCError && error.code === 'BAD_REQUEST') return null;
    throw error;
  }
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * A queue: its filter bar, one page of tickets (most urgent SLA first unless the URL sorts otherwise) and
 * links to the next page and back to the first. Everything it shows comes from the URL.
 */
export async function QueueView({
  view,
  searchParams,
  heading = 'h1',
  actions,
}: {
  view: View;
  searchParams: SearchParams;
  heading?: 'h1' | 'h2';
  /** Shown beside the heading (e.g. "New outage"). */
  actions?: React.ReactNode;
}) {
  const api = await serverCaller();
  const values = filterValues(view, searchParams);
  const cursor = first(searchParams.cursor);
  const [page, organisations, staff] = await Promise.all([
    refusedAsNull(api.tickets.list(listInput(values, cursor))),
    api.directory.organisations(),
    api.directory.staff(),
  ]);
  const choices: FilterChoices = { customers: organisations, staff };
  const Heading = heading;
  return (
    <section aria-labelledby={`${view}-heading`}>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <Heading
          id={`${view}-heading`}
          className={heading === 'h1' ? 'text-xl font-semibold' : 'text-lg font-semibold'}
        >
          {VIEW[view].title}
        </Heading>
        {actions}
      </div>
      <QueueFilters view={view} values={values} choices={choices} />
      {page ? (
        <>
          {/* j/k select a row here (app/_components/shortcuts); the selected row is marked as well as focused. */}
          <div
            data-shortcut="queue"
            className="[&_tr[data-selected=true]]:bg-sky-50 dark:[&_tr[data-selected=true]]:bg-sky-950"
          >
            <TicketTable
              tickets={page.items}
              empty={VIEW[view].empty}
              renderedAt={Date.now()}
              caption={VIEW[view].title}
            />
          </div>
          <nav aria-label="Pages" className="mt-3 flex items-center gap-4 text-sm">
            {cursor && (
              <Link
                className="inline-flex items-center gap-1 text-sky-700 hover:underline dark:text-sky-400"
                href={viewHref(view, values)}
              >
                <ChevronsLeft aria-hidden className="size-4" />
                First page
              </Link>
            )}
            {page.nextCursor && (
              <Link
                className="inline-flex items-center gap-1 text-sky-700 hover:underline dark:text-sky-400"
                href={viewHref(view, values, page.nextCursor)}
              >
                Next page
                <ChevronRight aria-hidden className="size-4" />
              </Link>
            )}
          </nav>
        </>
      ) : (
        <p className="py-8 text-center text-muted">
          This page of the queue no longer exists.{' '}
          <Link className="text-sky-700 underline dark:text-sky-400" href={viewHref(view, values)}>
            Start from the first page
          </Link>
          .
        </p>
      )}
    </section>
  );
}

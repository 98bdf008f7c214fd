import { TRPCError } from '@trpc/server';
import { ChevronRight, Search } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { PriorityChip, TicketStatusBadge } from '@/app/_components/badges';
import { Button, Input } from '@/app/_components/form';
import { serverCaller } from '@/server/api/server-caller';
import { searchTicketsInput } from '@/server/services/search/schemas';
import type { SearchPage as Results } from '@/server/services/search/search-tickets';
import { SEARCH_MAX_LENGTH, SEARCH_SOURCE_LABELS } from '@/workflows/tickets/search';
import { Snippet } from './snippet';

export const dynamic = 'force-dynamic';

type Params = Record<string, string | string[] | undefined>;
type Props = { searchParams: Promise<Params> };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? '';

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const q = first((await searchParams).q).trim();
  return { title: q ? `Search: ${q.slice(0, 60)}` : 'Search' };
}

/** Results for `q`, or why there are none: nothing typed, text the search refuses, a stale page link. */
async function resultsFor(q: string, cursor: string): Promise<{ results?: Results; problem?: string }> {
  if (!q) return {};
  const checked = searchTicketsInput.shape.q.safeParse(q);
  if (!checked.success) return { problem: checked.error.issues[0]?.message };
  const api = await serverCaller();
  try {
    return { results: await api.search.tickets({ q, cursor: cursor || null }) };
  } catch (error) {
    if (error instanceof TRPCError && error.code === 'BAD_REQUEST')
      return { problem: 'This page of results no longer exists: search again from the first page.' };
    throw error;
  }
}

/**
 * /search?q=: full text over ticket numbers, titles, descriptions, comments and observables, exactly as
 * far as the viewer may read each (server/services/search). Ranked, with the matched words marked.
 */
export default async function SearchPage({ searchParams }: Props) {
  const params = await searchParams;
  const q = first(params.q).trim();
  const { results, problem } = await resultsFor(q, first(params.cursor));
  const next = results?.nextCursor
    ? `/search?${new URLSearchParams({ q, cursor: results.nextCursor }).toString()}`
    : null;
  return (
    <div className="max-w-4xl">
      <h1 className="mb-3 text-xl font-semibold">Search</h1>
      <search aria-label="Search the tickets" className="mb-2 block">
        <form method="get" action="/search" className="flex gap-2">
          <label htmlFor="search-page-q" className="sr-only">
            Search tickets
          </label>
          <Input
            id="search-page-q"
            name="q"
            type="search"
            defaultValue={q}
            maxLength={SEARCH_MAX_LENGTH}
            placeholder="Words, a phrase in quotes, -excluded, or a number like OUT-1042"
            aria-describedby={problem ? 'search-problem' : undefined}
            aria-invalid={problem ? true : undefined}
          />
          <Button type="submit" className="inline-flex items-center gap-1.5">
            <Search aria-hidden className="size-4" />
            Search
          </Button>
        </form>
      </search>
      <p className="mb-4 text-xs text-muted">
        Searches numbers, titles, descriptions, comments and observables of the tickets you may see.
      </p>
      {problem && (
        <p id="search-problem" role="alert" className="text-sm text-red-700 dark:text-red-400">
          {problem}
        </p>
      )}
      {!q && <p className="text-muted">Type what to look for. Press / anywhere in the console to search.</p>}
      {results && results.items.length === 0 && (
        <p className="text-muted">
          Nothing found for “{q}”. Try fewer words, another spelling, or the ticket’s number.
        </p>
      )}
      {results && results.items.length > 0 && (
        <ol aria-label="Search results" className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {results.items.map(({ ticket, matchedIn, snippet }) => (
            <li key={ticket.id} className="relative py-3 hover:bg-zinc-50 dark:hover:bg-zinc-900">
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <Link
                  href={`/tickets/${ticket.number}`}
                  className="font-mono text-sky-700 after:absolute after:inset-0 hover:underline dark:text-sky-400"
                >
                  {ticket.number}
                </Link>
                {ticket.priority && <PriorityChip priority={ticket.priority} />}
                <TicketStatusBadge status={ticket.status} />
                {ticket.organisation && <span className="text-muted">{ticket.organisation.name}</span>}
                <span className="text-xs text-muted">
                  · matched in {SEARCH_SOURCE_LABELS[matchedIn].toLowerCase()}
                </span>
              </div>
              {/* A title match marks the title itself rather than repeating it as a snippet. */}
              <p className="mt-1 font-medium">
                {matchedIn === 'title' && snippet ? <Snippet text={snippet} /> : ticket.title}
              </p>
              {snippet && matchedIn !== 'title' && (
                <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">
                  <Snippet text={snippet} />
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
      {next && (
        <nav aria-label="Pages" className="mt-3 text-sm">
          <Link
            className="inline-flex items-center gap-1 text-sky-700 hover:underline dark:text-sky-400"
            href={next}
          >
            More results
            <ChevronRight aria-hidden className="size-4" />
          </Link>
        </nav>
      )}
    </div>
  );
}

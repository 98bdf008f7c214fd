import { and, inArray, type SQL, sql } from 'drizzle-orm';
import { tickets } from '../../../db/schema';
import { queryRows } from '../../../db/sql';
import { type SearchSource, SNIPPET_END, SNIPPET_START } from '../../../workflows/tickets/search';
import { ticketVisibility } from '../kernel/access';
import type { ServiceContext } from '../kernel/context';
import { badRequest } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { isUuidText } from '../kernel/schema-parts';
import { selectTicketRows, type TicketView } from '../tickets/internal/view';
import { ticketViewsOf } from '../tickets/internal/views-of';
import { searchHits, tsQuery } from './internal/hits';
import { type SearchTicketsInput, searchTicketsInput } from './schemas';

export interface SearchHit {
  ticket: TicketView;
  /** Where the strongest match is. */
  matchedIn: SearchSource;
  /**
   * The matched text around the match (a title: the whole title), words marked with SNIPPET_START and
   * SNIPPET_END; null for a number.
   */
  snippet: string | null;
}

export interface SearchPage {
  items: SearchHit[];
  nextCursor: string | null;
}

// Short fragments of the matched text, or a whole title with its words marked; the page turns the marks
// into <mark> (never into HTML).
const MARKS = `StartSel=${SNIPPET_START}, StopSel=${SNIPPET_END}`;
const FRAGMENTS = `${MARKS}, MaxWords=24, MinWords=8, MaxFragments=2, FragmentDelimiter=" … "`;
const WHOLE = `${MARKS}, HighlightAll=true`;

interface RankedRow {
  ticket_id: string;
  rank: string;
  source: SearchSource;
  snippet: string | null;
}

/**
 * search.tickets: full text over numbers, titles, descriptions, comments and observables, ranked (the
 * sum of each place's weighted ts_rank), with a snippet, paged by keyset on (rank, id). What a viewer may
 * find is what they may read, decided in SQL before ranking (internal/hits.ts).
 */
export async function searchTickets(ctx: ServiceContext, rawInput: SearchTicketsInput): Promise<SearchPage> {
  const input = parseInput(searchTicketsInput, rawInput);
  const after = input.cursor ? afterCursor(decodeCursor(input.cursor)) : sql`true`;
  // Ranks rounded to fixed decimals: a float sum's last bits could differ between two pages' plans.
  const ranked = await queryRows<RankedRow>(
    ctx.db,
    sql`with hits as (${searchHits(ctx.actor, input.q)}),
      ranked as (
        select ticket_id, round(sum(rank)::numeric, 6) as rank,
          (array_agg(source order by rank desc))[1] as source,
          (array_agg(doc order by rank desc))[1] as doc
        from hits group by ticket_id
      ),
      page as (
        select * from ranked where ${after} order by rank desc, ticket_id asc limit ${input.limit + 1}
      )
      select ticket_id, rank::text as rank, source,
        case when doc is null then null
          else ts_headline('simple', doc, ${tsQuery(input.q)},
            case when source = 'title' then ${WHOLE} else ${FRAGMENTS} end) end as snippet
      from page order by page.rank desc, ticket_id asc`,
  );
  const page = ranked.slice(0, input.limit);
  const rows = page.length
    ? await selectTicketRows(ctx.db).where(
        and(
          inArray(
            tickets.id,
            page.map((r) => r.ticket_id),
          ),
          ticketVisibility(ctx.actor),
        ),
      )
    : [];
  const byId = new Map((await ticketViewsOf(ctx, rows)).map((view) => [view.id, view]));
  const last = page[page.length - 1];
  return {
    items: page.flatMap((hit) => {
      const ticket = byId.get(hit.ticket_id);
      return ticket ? [{ ticket, matchedIn: hit.source, snippet: hit.snippet }] : [];
    }),
    nextCursor:
      ranked.length > input.limit && last ? encodeCursor({ rank: last.rank, id: last.ticket_id }) : null,
  };
}

const RANK_TEXT = /^\d{1,6}(\.\d{1,6})?$/;

function encodeCursor(position: { rank: string; id: string }): string {
  return Buffer.from(`${position.rank}|${position.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { rank: string; id: string } {
  const [rank, id, extra] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (extra !== undefined || !RANK_TEXT.test(rank ?? '') || !isUuidText(id)) {
    throw badRequest('Invalid input', { cursor: ['Unknown cursor'] });
  }
  return { rank: rank!, id };
}

function afterCursor({ rank, id }: { rank: string; id: string }): SQL {
  return sql`(rank < ${rank}::numeric or (rank = ${rank}::numeric and ticket_id > ${id}::uuid))`;
}

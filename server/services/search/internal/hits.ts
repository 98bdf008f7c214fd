import { and, type SQL, sql } from 'drizzle-orm';
import { observables, ticketEvents, tickets } from '../../../../db/schema';
import { numberQuery, type SearchSource } from '../../../../workflows/tickets/search';
import { seesInternalFields, ticketDetailVisibility, ticketVisibility } from '../../kernel/access';
import type { Actor } from '../../kernel/context';

// Where a search looks, per viewer, as one SELECT of (ticket_id, source, rank, doc) rows: one row per
// matching number, title, description, comment or observable, each already limited to what the viewer
// may read (DESIGN §2.9), in SQL, before any ranking or paging:
// - every viewer: the number of any ticket they may see (a stub shows its number);
// - a ticket's title, for everyone who sees more than its stub;
// - descriptions, internal comments and observables, for staff who read the ticket in full;
// - public comments, for customers (of their own organisation's outages).
// Each text is matched as to_tsvector('simple', …) exactly as migration 0010 indexes it.

/** How much a match in each place counts towards a ticket's rank (ts_rank is at most about 1). */
const WEIGHT: Record<SearchSource, number> = {
  number: 4,
  title: 1,
  observable: 0.8,
  description: 0.5,
  comment: 0.5,
};

export const tsQuery = (text: string) => sql`websearch_to_tsquery('simple', ${text})`;

function textHit(source: SearchSource, vector: SQL, doc: SQL, query: SQL) {
  return sql`${source}::text as source, (ts_rank(${vector}, ${query}) * ${WEIGHT[source]}::float8) as rank, ${doc} as doc`;
}

export function searchHits(actor: Actor, text: string): SQL {
  const query = tsQuery(text);
  const seen = ticketVisibility(actor) ?? sql`true`;
  const readable = and(ticketVisibility(actor), ticketDetailVisibility(actor)) ?? sql`true`;
  const staff = seesInternalFields(actor);
  const branches: SQL[] = [];

  const named = numberQuery(text);
  if (named) {
    const pairs = sql.join(
      named.kinds.map((kind) => sql`(${kind}, ${named.number}::integer)`),
      sql`, `,
    );
    branches.push(sql`select ${tickets.id} as ticket_id, 'number'::text as source,
      ${WEIGHT.number}::float8 as rank, null::text as doc
      from ${tickets} where (${tickets.kind}, ${tickets.number}) in (${pairs}) and ${seen}`);
  }

  const title = sql`to_tsvector('simple', ${tickets.title})`;
  branches.push(sql`select ${tickets.id} as ticket_id, ${textHit('title', title, sql`${tickets.title}`, query)}
    from ${tickets} where ${title} @@ ${query} and ${readable}`);

  if (staff) {
    const description = sql`to_tsvector('simple', ${tickets.description})`;
    branches.push(sql`select ${tickets.id} as ticket_id,
      ${textHit('description', description, sql`${tickets.description}`, query)}
      from ${tickets} where ${description} @@ ${query} and ${readable}`);
  }

  const body = sql`to_tsvector('simple', e.payload ->> 'body')`;
  const publicOnly = staff ? sql`true` : sql`e.payload ->> 'visibility' = 'public'`;
  branches.push(sql`select e.ticket_id, ${textHit('comment', body, sql`e.payload ->> 'body'`, query)}
    from ${ticketEvents} e join ${tickets} on ${tickets.id} = e.ticket_id
    where e.type = 'comment.added' and ${body} @@ ${query} and ${publicOnly} and ${readable}`);

  if (staff) {
    const indicator = sql`to_tsvector('simple', o.value || ' ' || o.note)`;
    branches.push(sql`select o.ticket_id,
      ${textHit('observable', indicator, sql`o.value || ' ' || o.note`, query)}
      from ${observables} o join ${tickets} on ${tickets.id} = o.ticket_id
      where ${indicator} @@ ${query} and ${readable}`);
  }

  return sql.join(branches, sql` union all `);
}

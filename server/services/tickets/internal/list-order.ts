import { type SQL, sql } from 'drizzle-orm';
import { tickets } from '../../../../db/schema';
import { PRIORITIES } from '../../../../workflows/tickets/constants';
import type { TicketSort } from '../../../../workflows/tickets/queues';
import { ticketDetailVisibility } from '../../kernel/access';
import type { Actor } from '../../kernel/context';
import { badRequest } from '../../kernel/errors';
import { isAcceptedInstant, isUuidText } from '../../kernel/schema-parts';
import { NEXT_DUE } from './list-filters';

// Keyset pagination for every sort: the page after a cursor holds the rows that sort after the cursor's
// key values, so a page costs O(page) beyond the sort and stays stable under concurrent inserts. Each sort
// ends on the id, so the order is total. A key a stub hides (its times, priority, clocks) is null on a
// stub's row: stubs sort last, by id (random), and neither their place in a page nor a cursor says what
// the stub keeps back.

type KeyType = 'instant' | 'priority' | 'id';

interface SortKey {
  expr: SQL;
  type: KeyType;
  direction: 'asc' | 'desc';
  /** Null on some rows, which sort last. A NOT NULL column keeps its plain order, so its index serves. */
  nullable: boolean;
}

/** What the ordering of one list needs: its keys, the ORDER BY, and the key values of each row. */
export interface ListOrder {
  keys: SortKey[];
  orderBy: SQL[];
  /** The row's key values as text (instants to the microsecond), for its cursor. */
  values: SQL<(string | null)[]>;
}

export function listOrder(actor: Actor, sort: TicketSort): ListOrder {
  const keys = sortKeys(actor, sort);
  return {
    keys,
    orderBy: keys.map(
      (k) => sql`${k.expr} ${sql.raw(k.direction)}${sql.raw(k.nullable ? ' nulls last' : '')}`,
    ),
    values: sql<(string | null)[]>`json_build_array(${sql.join(keys.map(asText), sql`, `)})`,
  };
}

function sortKeys(actor: Actor, sort: TicketSort): SortKey[] {
  const detail = ticketDetailVisibility(actor);
  // Null where the actor's projection of the row hides it (a stub); the plain column elsewhere.
  const shown = (value: SQL, type: KeyType, direction: SortKey['direction'], nullable = false): SortKey =>
    detail
      ? { expr: sql`(case when ${detail} then ${value} end)`, type, direction, nullable: true }
      : { expr: value, type, direction, nullable };
  const due = shown(NEXT_DUE, 'instant', 'asc', true);
  const created = (direction: SortKey['direction']) => shown(sql`${tickets.createdAt}`, 'instant', direction);
  const id = (direction: SortKey['direction']): SortKey => ({
    expr: sql`${tickets.id}`,
    type: 'id',
    direction,
    nullable: false,
  });
  switch (sort) {
    case 'urgency':
      // Equal deadlines (and tickets with none): the one waiting longest first.
      return [due, created('asc'), id('asc')];
    case 'priority':
      return [shown(sql`${tickets.priority}`, 'priority', 'asc'), due, created('asc'), id('asc')];
    case 'newest':
      return [created('desc'), id('desc')];
    case 'oldest':
      return [created('asc'), id('asc')];
    case 'updated':
      return [shown(sql`${tickets.updatedAt}`, 'instant', 'desc'), id('desc')];
  }
}

const ISO_MICROS = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

function asText(key: SortKey): SQL {
  if (key.type === 'instant') return sql`to_char(${key.expr} at time zone 'UTC', ${sql.raw(ISO_MICROS)})`;
  return sql`${key.expr}::text`;
}

function asValue(type: KeyType, text: string): SQL {
  if (type === 'instant') return sql`${text}::timestamptz`;
  if (type === 'id') return sql`${text}::uuid`;
  return sql`${text}`;
}

/**
 * Rows after the cursor's values in the order of `keys` (nulls last): for some key i, every earlier key
 * equals the cursor's and key i comes after it. Nothing comes after a null but more nulls, which the
 * later keys order.
 */
export function afterCursor(keys: readonly SortKey[], values: readonly (string | null)[]): SQL {
  const branches = keys.flatMap((key, i) => {
    const value = values[i];
    if (value === null || value === undefined) return [];
    const cursor = asValue(key.type, value);
    const beyond = key.direction === 'asc' ? sql`${key.expr} > ${cursor}` : sql`${key.expr} < ${cursor}`;
    const after = key.nullable ? sql`(${beyond} or ${key.expr} is null)` : beyond;
    const equalBefore = keys.slice(0, i).map((earlier, j) => {
      const v = values[j];
      if (v === null || v === undefined) return sql`${earlier.expr} is null`;
      return sql`${earlier.expr} = ${asValue(earlier.type, v)}`;
    });
    return [sql.join([...equalBefore, after], sql` and `)];
  });
  return branches.length ? sql`(${sql.join(branches, sql` or `)})` : sql`false`;
}

// --- Cursors ----------------------------------------------------------------------------------------

const INSTANT_TEXT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function encodeCursor(sort: TicketSort, values: readonly (string | null)[]): string {
  return Buffer.from(JSON.stringify({ sort, values })).toString('base64url');
}

/**
 * The key values of a cursor made for this sort. Checked as strictly as any input: a crafted cursor must
 * not reach the database as a bad uuid or instant, nor one sort's cursor be read as another's.
 */
export function decodeCursor(order: ListOrder, sort: TicketSort, cursor: string): (string | null)[] {
  const unknown = () => badRequest('Invalid input', { cursor: ['Unknown cursor'] });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw unknown();
  }
  const { sort: madeFor, values } = (parsed ?? {}) as { sort?: unknown; values?: unknown };
  if (madeFor !== sort || !Array.isArray(values) || values.length !== order.keys.length) throw unknown();
  const valid = order.keys.every((key, i) => isKeyValue(key, values[i]));
  if (!valid) throw unknown();
  return values as (string | null)[];
}

function isKeyValue(key: SortKey, value: unknown): boolean {
  if (value === null) return key.nullable;
  if (typeof value !== 'string') return false;
  if (key.type === 'id') return isUuidText(value);
  if (key.type === 'priority') return (PRIORITIES as readonly string[]).includes(value);
  return INSTANT_TEXT.test(value) && isAcceptedInstant(new Date(value));
}

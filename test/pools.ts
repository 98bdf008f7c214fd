// The real rows of a world under test as generator pools (test/hostile-input.ts), so generated ids and
// ticket numbers hit existing rows too. Shared by the tRPC fuzz and the REST fuzz. Not a test file itself.
import { getTableColumns, is } from 'drizzle-orm';
import { type PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { DatabaseHandle } from '../db/client';
import * as schema from '../db/schema';
import { formatTicketNumber, type TicketKind } from '../workflows/tickets/constants';
import type { Pools } from './hostile-input';

/** Every uuid-keyed row id and every ticket number. */
export async function poolsOf(handle: DatabaseHandle): Promise<Pools> {
  const ids: Record<string, string[]> = {};
  for (const [name, table] of Object.entries(schema)) {
    if (!is(table, PgTable)) continue;
    const id = (getTableColumns(table) as Record<string, PgColumn | undefined>).id;
    if (id?.columnType !== 'PgUUID') continue;
    const rows = (await handle.db.select({ id }).from(table).limit(50)) as { id: string }[];
    ids[name] = rows.map((row) => row.id);
  }
  const tickets = await handle.db
    .select({ kind: schema.tickets.kind, number: schema.tickets.number })
    .from(schema.tickets);
  const ticketNumbers = tickets.map((t) => formatTicketNumber(t.kind as TicketKind, t.number));
  return { ids, ticketNumbers };
}

import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client';
import { queryRows } from '../../../db/sql';
import { testEngines } from '../../../test/databases';
import { useDemoWorld } from '../../../test/suite';
import type { Actor } from '../kernel/context';
import { listOrder } from './internal/list-order';
import { selectListPage } from './internal/list-page';

// Migration 0021's partial indexes serve the open queues only while their predicates are implied by the
// list's WHERE clause (DONE_STATUSES, the counting clock states): a change to either side that breaks the
// match turns the NOC view at a million tickets back into scans of every ticket and clock ever made
// (bench/queue-million.ts). Sequential scans are priced out so the tiny test data cannot hide that.

async function planOf(db: Database, actor: Actor): Promise<string> {
  const order = listOrder(actor, 'urgency');
  const query = selectListPage(db, actor, { kind: 'outage', openOnly: true, limit: 51 }, order, {
    now: new Date(),
  });
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_seqscan = off`);
    const rows = await queryRows<Record<string, string>>(tx, sql`explain ${query}`);
    return rows.map((r) => Object.values(r)[0]).join('\n');
  });
}

describe.each(testEngines())('the open queue on its indexes ($engine)', ({ open }) => {
  let db: Database;
  let noc: Actor;
  let customer: Actor;
  useDemoWorld({ open }, async (setup) => {
    db = setup.db;
    noc = await setup.world.actor('noc@watchfloor.test');
    customer = await setup.world.actor('customer@acme.test');
  });

  it('the NOC view reads open tickets through tickets_open_idx and deadlines through sla_clocks_counting_due_idx', async () => {
    const plan = await planOf(db, noc);
    expect(plan).toContain('tickets_open_idx');
    expect(plan).toContain('sla_clocks_counting_due_idx');
  });

  it('the page is chosen from narrow columns: full rows are read by primary key for its tickets alone', async () => {
    const plan = await planOf(db, noc);
    // The limit sits over the open-tickets index, and the only read of full ticket rows is the key
    // lookup joined above it: were the page picked from full rows, every open outage would be read whole.
    expect(plan).toMatch(/Limit[\s\S]*tickets_open_idx[\s\S]*Index Scan using tickets_pkey/);
    expect(plan.match(/ on tickets( |$)/gm)).toHaveLength(2);
  });

  it("a customer's view (SLA metrics only) uses the counting clocks' index too", async () => {
    expect(await planOf(db, customer)).toContain('sla_clocks_counting_due_idx');
  });
});

describe.each(testEngines().filter((e) => e.engine === 'postgres'))('PostgreSQL sessions', ({ open }) => {
  let db: Database;
  useDemoWorld({ open }, (setup) => {
    db = setup.db;
  });

  it('the pool turns JIT compilation off on every connection', async () => {
    const rows = await queryRows<{ jit: string }>(db, sql`show jit`);
    expect(rows[0]?.jit).toBe('off');
  });
});

import { sql } from 'drizzle-orm';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { type Database, fromPostgres } from '../../db/client';
import { slaClocks } from '../../db/schema';
import { queryRows } from '../../db/sql';
import { type TestEngine, testEngines } from '../../test/databases';
import { DAY, HOUR, insertClockedTickets, MINUTE, plus, setNow } from '../../test/sla';
import { useDemoWorld } from '../../test/suite';
import { userId } from '../../test/tickets';
import { type DemoWorld, testClock } from '../../test/world';
import { verifyAuditChains } from '../services/audit/verify';
import { sweepDueEscalations } from '../services/escalations/sweep';
import { type SweepResult, sweepDueClocks } from '../services/sla/sweep-clocks';
import { createTicket } from '../services/tickets/create';

/** A worker's loop as `npm run worker` runs it, minus the sleeping: sweep until nothing is claimable. */
async function drain(db: Database, now: Date, batchSize: number): Promise<SweepResult[]> {
  const batches: SweepResult[] = [];
  for (;;) {
    const batch = await sweepDueClocks(db, now, batchSize);
    batches.push(batch);
    if (batch.tickets === 0) return batches;
  }
}

const total = (runs: SweepResult[][]) => runs.flat().reduce((n, b) => n + b.fired, 0);

/**
 * Everything the scheduler recorded for these tickets, counted in SQL: fired effects, their distinct keys,
 * warning / breach events and their distinct (ticket, metric, check), notifications and their distinct
 * keys, fired effects whose due instant is not the clock's own schedule, and clocks still scheduled.
 */
async function tally(db: Database, ticketIds: string[]) {
  const ids = sql`(select unnest(${`{${ticketIds.join(',')}}`}::uuid[]))`;
  const [row] = await queryRows<Record<string, string>>(
    db,
    sql`select
      (select count(*) from fired_effects where ticket_id in ${ids}) as fired,
      (select count(distinct key) from fired_effects where ticket_id in ${ids}) as fired_keys,
      (select count(*) from ticket_events
        where ticket_id in ${ids} and type in ('sla.warning', 'sla.breached')) as events,
      (select count(distinct (ticket_id, payload->>'metric', coalesce(payload->>'threshold', 'breach')))
         from ticket_events
        where ticket_id in ${ids} and type in ('sla.warning', 'sla.breached')) as event_checks,
      (select count(*) from ticket_events
        where ticket_id in ${ids} and type in ('sla.warning', 'sla.breached')
          and actor_label <> 'scheduler') as events_not_by_scheduler,
      (select count(*) from notifications where ticket_id in ${ids}) as notes,
      (select count(distinct dedup_key) from notifications where ticket_id in ${ids}) as note_keys,
      (select count(*) from fired_effects f join sla_clocks c on c.id = split_part(f.key, ':', 2)::uuid
        where f.ticket_id in ${ids}
          and f.due_at <> c.started_at + make_interval(secs => c.target_ms / 1000.0 *
                coalesce(nullif(split_part(f.key, ':', 4), '')::int, 100) / 100)) as off_schedule,
      (select count(*) from sla_clocks where ticket_id in ${ids} and next_check_at is not null) as scheduled`,
  );
  return Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, Number(v)]));
}

// On every engine: four loops at once on one database handle. On PGlite the single connection queues
// their transactions; on PostgreSQL they really race across the pool.
describe.each(testEngines())('concurrent sweeps on $engine', ({ open }) => {
  let db: Database;
  let world: DemoWorld;

  useDemoWorld({ open, clock: testClock('2026-11-02T08:00:00.000Z'), sla: true }, async (setup) => {
    ({ db, world } = setup);
    await db.delete(slaClocks); // only this file's clocks are due
  });

  it('four loops sweeping the same clocks at once fire every check exactly once', async () => {
    const t0 = setNow(world.clock, '2026-11-02T09:00:00.000Z');
    const ids = await insertClockedTickets(db, {
      count: 100,
      organisationId: world.org('acme').id,
      assigneeId: await userId(world, 'noc@watchfloor.test'),
      at: t0,
      targets: (i) => ({ response: (15 + (i % 10)) * MINUTE, resolution: (4 * 60 + i) * MINUTE }),
    });
    // Two rounds: the first catches the early warnings only, the second everything else.
    const early = await Promise.all([0, 1, 2, 3].map(() => drain(db, plus(t0, 12 * MINUTE), 7)));
    // 75 % of 15 min is 11:15 and of 16 min 12:00: 20 tickets have a warning due.
    expect(total(early)).toBe(20);
    const late = await Promise.all([0, 1, 2, 3].map(() => drain(db, plus(t0, DAY), 7)));
    expect(total(early) + total(late)).toBe(600);
    expect(await tally(db, ids)).toEqual({
      fired: 600,
      fired_keys: 600,
      events: 600,
      event_checks: 600,
      events_not_by_scheduler: 0,
      notes: 600,
      note_keys: 600,
      off_schedule: 0,
      scheduled: 0,
    });
    expect((await verifyAuditChains(db)).firstBreak).toBeNull();
  });
});

// Independent processes need independent connections: PostgreSQL only.
const postgres: TestEngine[] = testEngines().filter((e) => e.engine === 'postgres');

describe.each(postgres)('scheduler workers on $engine', ({ open }) => {
  let db: Database;
  let world: DemoWorld;
  let url: string;

  useDemoWorld({ open, clock: testClock('2026-11-02T08:00:00.000Z'), sla: true }, (setup) => {
    ({ db, world } = setup);
    url = setup.handle.pool!.options.connectionString!;
  });

  it('a sweep claims the due tickets no other worker holds, rather than coming back empty', async () => {
    await db.delete(slaClocks);
    const t0 = setNow(world.clock, '2026-11-03T09:00:00.000Z');
    const ids = await insertClockedTickets(db, {
      count: 10,
      organisationId: world.org('acme').id,
      at: t0,
      targets: () => ({ response: 15 * MINUTE, resolution: 4 * HOUR }),
    });
    const now = plus(t0, DAY);
    // Another worker is mid-batch: it holds the due tickets a claim would see first.
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      await other.query('begin');
      const { rows } = await other.query<{ ticket_id: string }>(
        'select distinct ticket_id from sla_clocks where next_check_at <= $1 limit 5',
        [now],
      );
      await other.query('select id from tickets where id = any($1::uuid[]) for update', [
        rows.map((r) => r.ticket_id),
      ]);
      // SKIP LOCKED must skip past them to the five nobody holds: their ten due clocks, five a batch
      // (response clocks first, in due order), three checks each.
      expect(await sweepDueClocks(db, now, 5)).toEqual({ tickets: 5, fired: 15 });
      expect(await sweepDueClocks(db, now, 5)).toEqual({ tickets: 5, fired: 15 });
      expect(await sweepDueClocks(db, now, 5)).toEqual({ tickets: 0, fired: 0 });
      await other.query('rollback');
    } finally {
      await other.end();
    }
    expect(await sweepDueClocks(db, now, 5)).toEqual({ tickets: 5, fired: 15 });
    expect(await sweepDueClocks(db, now, 5)).toEqual({ tickets: 5, fired: 15 });
    expect(await tally(db, ids)).toMatchObject({ fired: 60, fired_keys: 60, events: 60, scheduled: 0 });
  });

  it('four worker processes over 10,000 clocks fire every threshold and breach exactly once', async () => {
    await db.delete(slaClocks);
    const t0 = setNow(world.clock, '2026-11-04T09:00:00.000Z');
    const ids = await insertClockedTickets(db, {
      count: 5_000,
      organisationId: world.org('acme').id,
      assigneeId: await userId(world, 'noc@watchfloor.test'),
      at: t0,
      targets: (i) => ({ response: (15 + (i % 10)) * MINUTE, resolution: (4 * 60 + (i % 240)) * MINUTE }),
    });
    expect(ids).toHaveLength(5_000);
    // Four workers, each with a pool of its own, as four `npm run worker` processes would have.
    const workers = [0, 1, 2, 3].map(() => fromPostgres(url, 4));
    try {
      const rounds = [plus(t0, 12 * MINUTE), plus(t0, 4 * HOUR), plus(t0, DAY)];
      const perWorker = [0, 0, 0, 0];
      let fired = 0;
      for (const now of rounds) {
        const runs = await Promise.all(workers.map((w) => drain(w.db, now, 100)));
        runs.forEach((run, i) => {
          perWorker[i]! += run.reduce((n, b) => n + b.fired, 0);
        });
        fired += total(runs);
      }
      expect(fired).toBe(30_000);
      // Every worker took part: the claims are disjoint, not a queue behind one worker's batch.
      expect(perWorker.filter((n) => n > 0).length, `fired per worker: ${perWorker}`).toBeGreaterThan(1);
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
    expect(await tally(db, ids)).toEqual({
      fired: 30_000,
      fired_keys: 30_000,
      events: 30_000,
      event_checks: 30_000,
      events_not_by_scheduler: 0,
      notes: 30_000,
      note_keys: 30_000,
      off_schedule: 0,
      scheduled: 0,
    });
    const verified = await verifyAuditChains(db);
    expect(verified.firstBreak).toBeNull();
    expect(verified.ticketsChecked).toBeGreaterThanOrEqual(5_000);
  }, 120_000);

  it('an escalation sweep skips a ticket another worker holds rather than queueing behind it', async () => {
    const t0 = setNow(world.clock, '2026-11-05T09:00:00.000Z');
    const p2 = async (title: string) =>
      (
        await createTicket(await world.as('noc@watchfloor.test'), {
          title,
          organisationId: world.org('acme').id,
          impact: 'medium',
          urgency: 'high',
        })
      ).id;
    const held = await p2('Held by another worker');
    const free = await p2('Nobody holds this one');
    const now = plus(t0, 11 * MINUTE); // Acme chases the NOC after 10 unacknowledged minutes.
    const levels = async (id: string) =>
      queryRows<{ key: string }>(
        db,
        sql`select key from fired_effects where ticket_id = ${id} and key like 'escalation:%'`,
      );
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      await other.query('begin');
      await other.query('select id from tickets where id = $1 for update', [held]);
      // Waiting for the lock would never end while `other` holds it: the race reports that instead.
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<'waited'>((resolve) => {
        timer = setTimeout(() => resolve('waited'), 10_000);
      });
      const swept = await Promise.race([sweepDueEscalations(db, now), waited]).finally(() =>
        clearTimeout(timer),
      );
      // (The demo's own tickets escalate too: this one's levels are what counts.)
      expect(swept).not.toBe('waited');
      expect(await levels(free)).toEqual([{ key: 'escalation:0:0' }]);
      expect(await levels(held)).toEqual([]);
      await other.query('rollback');
    } finally {
      await other.end();
    }
    // Once free, the next sweep fires it, once; the one swept already is not touched again.
    await sweepDueEscalations(db, now);
    expect(await levels(held)).toEqual([{ key: 'escalation:0:0' }]);
    await sweepDueEscalations(db, now);
    expect(await levels(held)).toEqual([{ key: 'escalation:0:0' }]);
    expect(await levels(free)).toEqual([{ key: 'escalation:0:0' }]);
  });
});

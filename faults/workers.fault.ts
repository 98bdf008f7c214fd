// Fault: several workers (issue #15). Four `npm run worker` processes and two production servers (each
// with its in-process scheduler) sweep one PostgreSQL database holding 100,000 SLA clocks that are
// overdue: warnings, breaches and escalation levels that notify. One worker is killed with SIGKILL while
// it holds a claimed batch. Once nothing is due: every effect fired exactly once (exact counts, no
// duplicate event or notification), each stamped with its due instant, and the audit chains verify.
//
// Claims are transactions: a batch is claimed with FOR UPDATE SKIP LOCKED and written in the same
// transaction, so the claim is a lease held by the worker's connection. A killed worker's connection
// closes, PostgreSQL rolls its batch back and releases the rows, and the next claim of another process
// takes them; nothing it did half-way is left behind.
//
// FAULTS_WORKERS_CLOCKS sets the number of clocks (default 100,000; two per ticket).

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client';
import { organisations, users } from '../db/schema';
import { queryRows } from '../db/sql';
import { verifyAuditChains } from '../server/services/audit/verify';
import { actorFor, observe, pollUntil } from './lib/observe';
import { expectedEffects, loadOverdueClocks, type OverdueLoad } from './lib/overdue-clocks';
import { freshDatabase, type Running, type RunningApp, startApp, startWorker } from './lib/processes';

const CLOCKS = Number(process.env.FAULTS_WORKERS_CLOCKS ?? 100_000);
const PORTS = [3422, 3423];
const WORKERS = 4;
const POLL_MS = '200';
/** The worker killed mid-batch. */
const VICTIM = 1;
/** A bound, not an expectation: 100,000 clocks drained in 57 s at load average 12, in 214 s at 25. */
const DRAIN_TIMEOUT_MS = 480_000;

const appName = (what: string) => `watchfloor-fault-${what}`;

async function count(handle: DatabaseHandle, query: ReturnType<typeof sql>): Promise<number> {
  const [row] = await queryRows<{ n: string | number }>(handle.db, query);
  return Number(row?.n ?? 0);
}

describe(`several workers: 4 workers and 2 servers over ${CLOCKS.toLocaleString('en-US')} overdue clocks`, () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let handle: DatabaseHandle;
  const apps: RunningApp[] = [];
  const workers: Running[] = [];

  beforeAll(async () => {
    database = await freshDatabase('workers');
    const env = (name: string) => ({ WATCHFLOOR_SCHEDULER_POLL_MS: POLL_MS, PGAPPNAME: appName(name) });
    // The first server migrates and seeds (the demo's users and customers, no history); then the rest.
    apps.push(
      await startApp({
        databaseUrl: database.url,
        port: PORTS[0]!,
        env: { ...env('app-0'), WATCHFLOOR_DEMO: '1', WATCHFLOOR_DEMO_HISTORY: '0' },
      }),
    );
    apps.push(await startApp({ databaseUrl: database.url, port: PORTS[1]!, env: env('app-1') }));
    for (let w = 0; w < WORKERS; w++)
      workers.push(startWorker({ databaseUrl: database.url, env: env(`worker-${w}`) }));
    handle = observe(database.url);
    // Every scheduler is listening (one ticket_changed listener each) before the load commits.
    await pollUntil(
      () =>
        count(
          handle,
          sql`select count(distinct application_name) as n from pg_stat_activity
              where datname = current_database() and application_name like ${appName('%')}`,
        ),
      (n) => n === WORKERS + apps.length,
      { timeoutMs: 60_000, everyMs: 200, what: 'every scheduler connected' },
    );
  });

  afterAll(async () => {
    await Promise.all([...workers, ...apps].map((p) => p.kill9()));
    await database?.drop(async () => {
      await handle?.close();
    });
  });

  it('fires every warning, breach and escalation level exactly once, despite a kill -9 mid-batch', async () => {
    const noc = await actorFor(handle, 'noc@watchfloor.test');
    const [acme] = await queryRows<{ id: string }>(
      handle.db,
      sql`select id from ${organisations} where slug = 'acme'`,
    );
    const load: OverdueLoad = await loadOverdueClocks(handle, {
      tickets: CLOCKS / 2,
      organisationId: acme!.id,
      assigneeId: noc.id,
      now: Date.now(),
    });
    const committedAt = Date.now();
    const expected = expectedEffects(load.tickets, load.createdAt, committedAt);
    const expectedLevels = expected.levels0 + expected.levels1;
    const expectedTotal = expected.checks + expectedLevels;
    console.log(
      `[workers] loaded ${load.tickets.toLocaleString('en-US')} tickets, ${load.clocks.toLocaleString('en-US')} clocks ` +
        `(${expected.dueClocks.toLocaleString('en-US')} due, ${expected.checks.toLocaleString('en-US')} checks, ` +
        `${expectedLevels.toLocaleString('en-US')} escalation levels) in ${(load.loadMs / 1000).toFixed(1)} s`,
    );

    const fired = () => count(handle, sql`select count(*) as n from fired_effects`);
    // Kill the victim while it is inside a transaction that claimed a batch (its connection mid-sweep),
    // once a quarter of the work is done, so the others are busy too.
    await pollUntil(fired, (n) => n >= expectedTotal / 4, {
      timeoutMs: DRAIN_TIMEOUT_MS,
      everyMs: 100,
      what: 'a quarter of the effects fired',
    });
    const victimBackend = () =>
      queryRows<{ pid: number; state: string; query: string }>(
        handle.db,
        sql`select a.pid, a.state, a.query from pg_stat_activity a
            where a.application_name = ${appName(`worker-${VICTIM}`)} and a.xact_start is not null
              and exists (select 1 from pg_locks l where l.pid = a.pid and l.relation = 'sla_clocks'::regclass)`,
      );
    const inBatch = await pollUntil(victimBackend, (rows) => rows.length > 0, {
      timeoutMs: 30_000,
      everyMs: 5,
      what: 'the victim inside a clock batch',
    });
    const firedAtKill = await fired();
    await workers[VICTIM]!.kill9();
    console.log(
      `[workers] killed worker ${VICTIM} (SIGKILL) in a batch (backend ${inBatch[0]!.pid}, ${inBatch[0]!.state}) ` +
        `at ${firedAtKill.toLocaleString('en-US')} of ${expectedTotal.toLocaleString('en-US')} effects`,
    );
    expect(workers[VICTIM]!.process.signalCode).toBe('SIGKILL');
    // Its connections close with it: PostgreSQL rolls the batch back and frees the rows for the others.
    await pollUntil(
      () =>
        count(
          handle,
          sql`select count(*) as n from pg_stat_activity where application_name = ${appName(`worker-${VICTIM}`)}`,
        ),
      (n) => n === 0,
      { timeoutMs: 10_000, what: "the killed worker's connections closed" },
    );

    const dueNow = () =>
      count(
        handle,
        sql`select (select count(*) from sla_clocks where next_check_at <= now())
                 + (select count(*) from ticket_escalations where next_check_at <= now()) as n`,
      );
    await pollUntil(
      async () => ({ fired: await fired(), due: await dueNow() }),
      (s) => s.fired >= expectedTotal && s.due === 0,
      { timeoutMs: DRAIN_TIMEOUT_MS, everyMs: 250, what: 'every clock and level swept' },
    );
    const drainedAt = Date.now();
    const [span] = await queryRows<{ clocks_done: Date | string; levels_done: Date | string | null }>(
      handle.db,
      sql`select max(fired_at) filter (where key like 'clock:%') as clocks_done,
                 max(fired_at) filter (where key like 'escalation:%') as levels_done from fired_effects`,
    );
    const clocksMs = new Date(span!.clocks_done).getTime() - committedAt;
    const levelsMs = span!.levels_done ? new Date(span!.levels_done).getTime() - committedAt : 0;
    console.log(
      `[workers] drained in ${((drainedAt - committedAt) / 1000).toFixed(1)} s: clock checks done after ` +
        `${(clocksMs / 1000).toFixed(1)} s (${Math.round(expected.dueClocks / (clocksMs / 1000)).toLocaleString('en-US')} due clocks/s, ` +
        `${Math.round(expected.checks / (clocksMs / 1000)).toLocaleString('en-US')} checks/s), escalation levels after ` +
        `${(levelsMs / 1000).toFixed(1)} s (${Math.round(expectedLevels / (levelsMs / 1000)).toLocaleString('en-US')} levels/s)`,
    );
    // The killed worker's backend is gone (its batch rolled back), not holding rows; every other process
    // swept on to the end (none crashed).
    expect(await victimBackend()).toEqual([]);
    const survivors = [...apps, ...workers.filter((_, w) => w !== VICTIM)];
    expect(survivors.map((p) => p.process.exitCode ?? p.process.signalCode)).toEqual(
      survivors.map(() => null),
    );

    // Exactly the expected effects, by kind.
    const [effects] = await queryRows<Record<string, string>>(
      handle.db,
      sql`select count(*) filter (where key like 'clock:%') as checks,
                 count(*) filter (where key like 'escalation:0:%') as levels0,
                 count(*) filter (where key like 'escalation:1:%') as levels1,
                 count(*) filter (where key not like 'clock:%' and key not like 'escalation:_:0') as other
          from fired_effects`,
    );
    expect(Object.fromEntries(Object.entries(effects!).map(([k, v]) => [k, Number(v)]))).toEqual({
      checks: expected.checks,
      levels0: expected.levels0,
      levels1: expected.levels1,
      other: 0,
    });

    // Each stamped with its due instant: the clock's start plus its share of the target (24×7).
    expect(
      await count(
        handle,
        sql`select count(*) as n from fired_effects f
            join sla_clocks c on c.id = split_part(f.key, ':', 2)::uuid
            where f.key like 'clock:%' and f.due_at <> c.started_at + case split_part(f.key, ':', 3)
              when 'warn' then c.target_ms * split_part(f.key, ':', 4)::integer / 100 else c.target_ms end
              * interval '1 millisecond'`,
      ),
    ).toBe(0);

    // The audit log: one event per effect, none twice, each naming its due instant.
    const [events] = await queryRows<Record<string, string>>(
      handle.db,
      sql`select count(*) filter (where type in ('sla.warning', 'sla.breached')) as checks,
                 count(*) filter (where type = 'escalation.fired') as levels
          from ticket_events`,
    );
    expect([Number(events!.checks), Number(events!.levels)]).toEqual([expected.checks, expectedLevels]);
    expect(
      await count(
        handle,
        sql`select count(*) as n from (
              select 1 from ticket_events where type in ('sla.warning', 'sla.breached', 'escalation.fired')
              group by ticket_id, type, payload->>'metric', payload->>'threshold', payload->>'level'
              having count(*) > 1) d`,
      ),
    ).toBe(0);
    expect(
      await count(
        handle,
        sql`select count(*) as n from ticket_events e
            join sla_clocks c on c.ticket_id = e.ticket_id and c.metric = e.payload->>'metric'
            where e.type in ('sla.warning', 'sla.breached') and (e.payload->>'dueAt')::timestamptz <>
              c.started_at + coalesce(c.target_ms * (e.payload->>'threshold')::integer / 100, c.target_ms)
                * interval '1 millisecond'`,
      ),
    ).toBe(0);
    expect(
      await count(
        handle,
        sql`select count(*) as n from ticket_events e join fired_effects f
              on f.ticket_id = e.ticket_id and f.key = 'escalation:' || (e.payload->>'level') || ':0'
            where e.type = 'escalation.fired' and (e.payload->>'dueAt')::timestamptz <> f.due_at`,
      ),
    ).toBe(0);

    // Notifications: the assignee once per warning and breach; each level's role, every member once.
    const members = async (role: string) =>
      count(handle, sql`select count(*) as n from ${users} where role = ${role} and active`);
    const expectedEscalationNotes =
      expected.levels0 * (await members('noc_engineer')) + expected.levels1 * (await members('manager'));
    const [notes] = await queryRows<Record<string, string>>(
      handle.db,
      sql`select count(*) filter (where kind in ('sla.warning', 'sla.breached')) as checks,
                 count(distinct dedup_key) filter (where kind in ('sla.warning', 'sla.breached')) as check_keys,
                 count(*) filter (where kind = 'escalation') as levels
          from notifications`,
    );
    expect(Object.fromEntries(Object.entries(notes!).map(([k, v]) => [k, Number(v)]))).toEqual({
      checks: expected.checks,
      check_keys: expected.checks,
      levels: expectedEscalationNotes,
    });

    // Nothing left due, and every chain (the load's genesis events and all that was appended) verifies.
    expect(await dueNow()).toBe(0);
    const verifyStarted = performance.now();
    const chains = await verifyAuditChains(handle.db);
    console.log(
      `[workers] audit chains: ${chains.ticketsChecked.toLocaleString('en-US')} tickets, ` +
        `${chains.eventsChecked.toLocaleString('en-US')} events verified in ${((performance.now() - verifyStarted) / 1000).toFixed(1)} s`,
    );
    expect(chains.firstBreak).toBeNull();
    expect(chains.ticketsChecked).toBeGreaterThanOrEqual(load.tickets);
  }, 900_000);
});

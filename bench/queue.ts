// Benchmark: queue views and search with 10,000 open tickets (issue #12, "Done when": under 1 s to the
// first row).
//
//   npx tsx bench/queue.ts        (npm run bench:queue)
//
// Loads, set-based, the demo world plus 10,000 open outages (two running SLA clocks each, deadlines spread
// from 2 h overdue to 30 days ahead, over the three customers and the four priorities, a quarter with a
// comment), 2,000 resolved outages and 1,000 open security incidents nobody handed off, then times, as a
// NOC engineer at a fixed "now":
// - the default NOC view's first page (tickets.list: kind outage, open, SLA due first, 50 rows) through
//   the service, against the same page written by hand in SQL (one statement for the rows, the page's ids
//   picked from narrow columns before its full rows are read, one for their clocks) in the same database
//   and run;
// - the NOC view's second page (keyset cursor), "Breaching soon" (due within 1 h) and "My work";
// - a search for a word in about 1 % of the titles and comments.
// On PostgreSQL (BENCH_DATABASE_URL, DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres; in a
// database of its own, wf_queue_<pid>, dropped at the end) and on in-memory PGlite.
//
// It fails (exit 1) only on a wrong result: the service's first page differing from the hand-written one.

import { performance } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import { eq, sql } from 'drizzle-orm';
import { type DatabaseHandle, fromPglite } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { organisations, users } from '../db/schema';
import { queryRows } from '../db/sql';
import type { ServiceContext } from '../server/services/kernel/context';
import { searchTickets } from '../server/services/search/search-tickets';
import { seedIfEmpty } from '../server/services/seed/seed';
import { listTickets } from '../server/services/tickets/list';
import type { ListTicketsInput } from '../server/services/tickets/schemas';
import { startLifecycle } from '../workflows/machines';
import { startClock } from '../workflows/sla/clock';
import { HOUR_MS, MINUTE_MS } from '../workflows/sla/constants';
import { BREACHING_SOON_MINUTES } from '../workflows/tickets/queues';
import { machineDescription, runWhenMain, summarizeLatencies, table } from './lib/measure';
import { adminUrlFrom, withBenchDatabase } from './lib/postgres';

const OPEN = 10_000;
const RESOLVED = 2_000;
const INCIDENTS = 1_000;
const RUNS = 20;
const WARMUP = 3;
/** The clocks start here; the benchmark looks at the queue two hours later. */
const T0 = Date.UTC(2026, 2, 2, 8, 0, 0);
const NOW = new Date(T0 + 2 * HOUR_MS);
const NOC_VIEW: ListTicketsInput = { kind: 'outage', openOnly: true, sort: 'urgency', limit: 50 };

interface Timing {
  view: string;
  rows: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
}

interface EngineRun {
  engine: string;
  loadMs: number;
  timings: Timing[];
  /** The service's first page equals the hand-written one. */
  samePage: boolean;
}

export interface QueueBenchResult {
  machine: string;
  postgres: string;
  runs: EngineRun[];
  ok: boolean;
}

// ---------------------------------------------------------------------------------------------------
// Loading

export async function loadQueueWorld(handle: DatabaseHandle): Promise<ServiceContext> {
  const db = handle.db;
  await migrateDatabase(handle);
  await seedIfEmpty(db, { demo: true, now: () => new Date(T0) });
  const [noc] = await db.select().from(users).where(eq(users.email, 'noc@watchfloor.test'));
  const customers = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(eq(organisations.kind, 'customer'));
  const orgs = sql.raw(`array[${customers.map((c) => `'${c.id}'::uuid`).join(', ')}]`);
  const outage = startLifecycle('outage');
  const incident = startLifecycle('security');
  const t0 = new Date(T0).toISOString();
  const insertTickets = (
    kind: string,
    lifecycle: typeof outage,
    from: number,
    count: number,
    status: string,
  ) =>
    db.execute(sql`
      insert into tickets (id, kind, number, organisation_id, title, description, impact, urgency, priority,
        status, security_link, lifecycle, assignee_id, severity, tlp, created_at, updated_at)
      select md5(${kind} || g.i)::uuid, ${kind}, g.i, (${orgs})[1 + g.i % ${customers.length}::integer],
        'Bench ' || ${kind} || ' ' || g.i || case when g.i % 100 = 7 then ' ptarmigan' else '' end,
        'Symptoms seen on link ' || g.i, 'high', 'medium', 'P' || (1 + g.i % 4), ${status},
        ${lifecycle.securityLink ?? null}, ${JSON.stringify(lifecycle.persisted)}::jsonb,
        case when g.i % 10 = 0 then ${noc!.id}::uuid end,
        ${kind === 'security' ? sql`'medium'` : sql`null`}, ${kind === 'security' ? sql`'AMBER'` : sql`null`},
        ${t0}::timestamptz + (g.i % 120) * interval '1 second', ${t0}::timestamptz + (g.i % 120) * interval '1 second'
      from generate_series(${from}::integer, ${from + count - 1}::integer) as g(i)`);
  await insertTickets('outage', outage, 100_000, OPEN, outage.status);
  await insertTickets('outage', outage, 200_000, RESOLVED, 'resolved');
  await insertTickets('security', incident, 100_000, INCIDENTS, incident.status);
  // Two running clocks per open ticket; response deadlines from 2 h overdue to 2 h ahead of NOW,
  // resolution deadlines up to 30 days ahead.
  for (const [metric, spreadMinutes] of [
    ['response', 240],
    ['resolution', 30 * 24 * 60],
  ] as const) {
    const template = startClock({ metric, at: T0, targetMs: HOUR_MS });
    await db.execute(sql`
      insert into sla_clocks (ticket_id, metric, subject_key, state, machine, target_ms, elapsed_ms,
        started_at, due_at, next_check_at, warned, updated_at)
      select t.id, ${metric}, '', 'running',
        jsonb_set(${JSON.stringify(template)}::jsonb, '{snapshot,context,targetMs}', to_jsonb(x.target)),
        x.target, 0, ${t0}::timestamptz, ${t0}::timestamptz + x.target * interval '1 millisecond',
        ${t0}::timestamptz + x.target * interval '1 millisecond', '{}'::integer[], ${t0}::timestamptz
      from tickets t, lateral (select ${MINUTE_MS}::bigint * (1 + (t.number * 7919) % ${spreadMinutes}::integer) as target) x
      where t.status not in ('resolved', 'closed') and t.number >= 100000`);
  }
  await db.execute(sql`
    insert into ticket_events (ticket_id, seq, type, actor_type, actor_id, actor_label, payload, occurred_at,
      prev_hash, hash)
    select t.id, 1, 'comment.added', 'user', ${noc!.id}::uuid, 'noc@watchfloor.test',
      jsonb_build_object('body', 'Checked the optics on ' || t.number ||
        case when t.number % 100 = 42 then ', ptarmigan firmware again' else '' end, 'visibility', 'internal'),
      ${t0}::timestamptz, repeat('0', 64), md5(t.id::text) || md5(t.number::text)
    from tickets t where t.number >= 100000 and t.number % 4 = 0`);
  await db.execute(sql`analyze`);
  return {
    db,
    actor: {
      type: 'user',
      id: noc!.id,
      email: noc!.email,
      role: noc!.role,
      organisationId: noc!.organisationId,
    },
    now: () => NOW,
  };
}

// ---------------------------------------------------------------------------------------------------
// The same first page, by hand

async function handWrittenFirstPage(ctx: ServiceContext): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    ctx.db,
    // The page's ids from narrow columns first, then the full rows of those alone (as tickets.list does).
    sql`with page as (
        select t.id, t.created_at, d.next_due
        from tickets t
        left join (select c.ticket_id, min(c.due_at) as next_due from sla_clocks c
          where c.state in ('running', 'breached') group by c.ticket_id) d on d.ticket_id = t.id
        where t.kind = 'outage' and t.status not in ('resolved', 'closed')
        order by d.next_due asc nulls last, t.created_at asc, t.id asc
        limit 51)
      select t.*, o.name as organisation_name, u.name as assignee_name, p.next_due
      from page p
      join tickets t on t.id = p.id
      join organisations o on o.id = t.organisation_id
      left join users u on u.id = t.assignee_id
      order by p.next_due asc nulls last, p.created_at asc, p.id asc`,
  );
  const ids = rows.slice(0, 50).map((r) => r.id);
  await queryRows(
    ctx.db,
    sql`select * from sla_clocks where ticket_id in (${sql.join(
      ids.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})`,
  );
  return ids;
}

async function time(view: string, work: () => Promise<number>): Promise<Timing> {
  for (let i = 0; i < WARMUP; i++) await work();
  const samples: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    rows = await work();
    samples.push(performance.now() - started);
  }
  const { p50Ms, p99Ms, meanMs } = summarizeLatencies(samples);
  return { view, rows, p50Ms, p99Ms, meanMs };
}

async function benchEngine(
  engine: string,
  handle: DatabaseHandle,
  log: (line: string) => void,
): Promise<EngineRun> {
  log(`${engine}: loading ${OPEN.toLocaleString('en-US')} open tickets`);
  const started = performance.now();
  const noc = await loadQueueWorld(handle);
  const loadMs = performance.now() - started;
  log(`${engine}: timing`);
  const first = await listTickets(noc, NOC_VIEW);
  const samePage =
    JSON.stringify(first.items.map((t) => t.id)) === JSON.stringify(await handWrittenFirstPage(noc));
  const timings = [
    await time(
      'NOC queue, first page (service)',
      async () => (await listTickets(noc, NOC_VIEW)).items.length,
    ),
    await time(
      'NOC queue, first page (hand-written SQL)',
      async () => (await handWrittenFirstPage(noc)).length,
    ),
    await time(
      'NOC queue, second page (cursor)',
      async () => (await listTickets(noc, { ...NOC_VIEW, cursor: first.nextCursor })).items.length,
    ),
    await time(
      'Breaching soon (due within 1 h)',
      async () =>
        (await listTickets(noc, { ...NOC_VIEW, kind: undefined, dueWithinMinutes: BREACHING_SOON_MINUTES }))
          .items.length,
    ),
    await time('My work', async () => (await listTickets(noc, { ...NOC_VIEW, assignee: 'me' })).items.length),
    await time('Search "ptarmigan"', async () => (await searchTickets(noc, { q: 'ptarmigan' })).items.length),
  ];
  return { engine, loadMs, timings, samePage };
}

export async function runQueueBench(
  log = (line: string) => process.stderr.write(`… ${line}\n`),
): Promise<QueueBenchResult> {
  const result: QueueBenchResult = { machine: machineDescription(), postgres: '', runs: [], ok: false };
  const unavailable = await withBenchDatabase(
    adminUrlFrom(),
    `wf_queue_${process.pid}`,
    4,
    log,
    async (opened) => {
      result.postgres = opened.note;
      result.runs.push(await benchEngine(`PostgreSQL ${opened.serverVersion}`, opened.handle, log));
    },
  );
  if (unavailable) result.postgres = unavailable;
  const pglite = fromPglite(new PGlite());
  try {
    result.runs.push(await benchEngine('PGlite (in memory)', pglite, log));
  } finally {
    await pglite.close();
  }
  result.ok = result.runs.every((r) => r.samePage);
  return result;
}

export function printQueueBench(result: QueueBenchResult): void {
  const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));
  console.log('Queue views and search, 10,000 open tickets (issue #12)');
  console.log(`machine: ${result.machine}`);
  console.log(`PostgreSQL: ${result.postgres}`);
  console.log(
    `data: ${OPEN.toLocaleString('en-US')} open outages (2 running clocks each), ${RESOLVED.toLocaleString('en-US')} resolved, ${INCIDENTS.toLocaleString('en-US')} open security incidents, demo world; ${RUNS} timed runs after ${WARMUP} warm-up, as a NOC engineer\n`,
  );
  for (const run of result.runs) {
    const service = run.timings[0]!.p50Ms;
    const hand = run.timings[1]!.p50Ms;
    console.log(`${run.engine} (loaded in ${(run.loadMs / 1000).toFixed(1)} s)`);
    console.log(
      table(
        ['view', 'rows', 'p50 ms', 'p99 ms', 'mean ms'],
        run.timings.map((t) => [t.view, String(t.rows), ms(t.p50Ms), ms(t.p99Ms), ms(t.meanMs)]),
      ),
    );
    console.log(
      `first page: service ${ms(service)} ms vs hand-written SQL ${ms(hand)} ms (×${(service / hand).toFixed(2)}); same rows: ${run.samePage ? 'yes' : 'NO'}\n`,
    );
  }
}

runWhenMain(import.meta.url, {
  name: 'queue',
  run: () => runQueueBench(),
  print: printQueueBench,
  wrongResult: "the service's first NOC page differs from the hand-written SQL's",
});

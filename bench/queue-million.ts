// Benchmark: the queue at 1,000,000 tickets on PostgreSQL, and the production server's memory on that
// database (issue #15: tickets.list p95 ≤ 1.5 × the hand-written SQL and ≤ 25 ms; RSS ≤ 350 MB).
//
//   npx tsx bench/queue-million.ts        (npm run bench:queue-million)
//
// In a database of its own (wf_million_<pid> on BENCH_DATABASE_URL, DATABASE_URL or
// postgres://postgres@127.0.0.1:5432/postgres, dropped at the end, on failure and on Ctrl-C) it loads the
// 1,000,000-ticket world of bench/lib/million.ts (set-based, a few minutes), then:
// 1. times the default NOC view (tickets.list: outages, open, SLA due first, 50 rows) through the tRPC
//    caller with a NOC engineer's session, against the same page written by hand in SQL (the page's ids
//    from narrow columns and its rows, then its services and clocks, as the service fetches them) on the
//    same indexes, and the plain one-statement SQL for comparison, alternating, RUNS times each; prints
//    EXPLAIN (ANALYZE, BUFFERS) of the service's statements (captured from the driver) and of the
//    hand-written ones;
// 2. unless BENCH_MILLION_MEMORY=0, starts the production server (scripts/serve.mjs) on the database and
//    samples its VmRSS (/proc/<pid>/status) while the status page, its summary.json and the NOC queue
//    (tickets.list over HTTP, signed in) are loaded (bench/lib/server-memory.ts).
// BENCH_QUICK=1 loads 100,000 tickets and runs fewer, shorter rounds. BENCH_MILLION_TICKETS sets the size.
//
// It never fails on speed; it fails (exit 1) only on a wrong result: the service's page differing from
// either hand-written one, or a failed request under load.

import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { eq } from 'drizzle-orm';
import type { Session } from 'next-auth';
import pg from 'pg';
import { type DatabaseHandle, fromPostgres } from '../db/client';
import { users } from '../db/schema';
import { createCaller } from '../server/api/root';
import type { ListTicketsInput } from '../server/services/tickets/schemas';
import { machineDescription, percentile, runWhenMain, table } from './lib/measure';
import { loadMillionWorld, MILLION, type MillionLoad } from './lib/million';
import { adminUrlFrom, createBenchDatabase, redact, serverVersion, withQueryHook } from './lib/postgres';
import { type Figure, figure, quickMode } from './lib/results';
import { type MemoryResult, measureServerMemory } from './lib/server-memory';

const QUICK = quickMode();
const TICKETS = Number(process.env.BENCH_MILLION_TICKETS ?? (QUICK ? 100_000 : MILLION.tickets));
const RUNS = QUICK ? 30 : 200;
const WARMUP = QUICK ? 5 : 20;
const MEMORY = process.env.BENCH_MILLION_MEMORY !== '0';
const NOC_VIEW: ListTicketsInput = { kind: 'outage', openOnly: true, sort: 'urgency', limit: 50 };

interface Latency {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  meanMs: number;
}

export interface QueueMillionResult {
  machine: string;
  postgres: string;
  serverVersion: string;
  loadBefore: number[];
  loadAfter: number[];
  load: MillionLoad | null;
  runs: number;
  service: Latency | null;
  hand: Latency | null;
  /** The one-statement hand-written SQL (full rows through the sort), for comparison. */
  handOnePass: Latency | null;
  /** The service's first page equals both hand-written ones. */
  samePage: boolean;
  explains: { label: string; plan: string[] }[];
  memory: MemoryResult | null;
  ok: boolean;
}

function latency(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    meanMs: sorted.reduce((s, x) => s + x, 0) / sorted.length,
  };
}

// ---------------------------------------------------------------------------------------------------
// The same page, by hand: what someone writing the NOC view in SQL on these indexes would send. The best
// of it picks the page's 51 ids from narrow columns (an index-only pass over tickets_open_idx and the
// counting clocks' index, top-N sorted), then reads the full rows of those alone; the plain one statement,
// which sorts every open outage as a full row, is timed beside it for comparison (it was the baseline
// until tickets.list learned the same two steps).

const HAND_ROWS = `with page as (
    select t.id, t.created_at, d.next_due
    from tickets t
    left join (select c.ticket_id, min(c.due_at) as next_due from sla_clocks c
      where c.state in ('running', 'breached') group by c.ticket_id) d on d.ticket_id = t.id
    where t.kind = 'outage' and t.status not in ('resolved', 'closed')
    order by d.next_due asc nulls last, t.created_at asc, t.id asc
    limit 51)
  select t.*, o.id as org_id, o.slug as org_slug, o.name as org_name, o.time_zone as org_time_zone,
    u.id as assignee_id_, u.name as assignee_name, p.next_due
  from page p
  join tickets t on t.id = p.id
  join organisations o on o.id = t.organisation_id
  left join users u on u.id = t.assignee_id
  order by p.next_due asc nulls last, p.created_at asc, p.id asc`;
const HAND_ROWS_ONE_PASS = `select t.*, o.id as org_id, o.slug as org_slug, o.name as org_name, o.time_zone as org_time_zone,
    u.id as assignee_id_, u.name as assignee_name, d.next_due
  from tickets t
  join organisations o on o.id = t.organisation_id
  left join users u on u.id = t.assignee_id
  left join (select c.ticket_id, min(c.due_at) as next_due from sla_clocks c
    where c.state in ('running', 'breached') group by c.ticket_id) d on d.ticket_id = t.id
  where t.kind = 'outage' and t.status not in ('resolved', 'closed')
  order by d.next_due asc nulls last, t.created_at asc, t.id asc
  limit 51`;
const HAND_SERVICES = `select ts.ticket_id, s.id, s.slug, s.name from ticket_services ts
  join services s on s.id = ts.service_id where ts.ticket_id = any($1::uuid[]) order by s.position, s.name`;
const HAND_CLOCKS = 'select * from sla_clocks where ticket_id = any($1::uuid[])';

async function handWrittenPage(pool: pg.Pool, rowsText = HAND_ROWS): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(rowsText);
  const ids = rows.slice(0, 50).map((r) => r.id);
  await Promise.all([pool.query(HAND_SERVICES, [ids]), pool.query(HAND_CLOCKS, [ids])]);
  return ids;
}

async function explain(pool: pg.Pool, text: string, values: unknown[]): Promise<string[]> {
  const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${text}`, values);
  return rows.map((r) => r['QUERY PLAN']);
}

// ---------------------------------------------------------------------------------------------------

async function nocCaller(handle: DatabaseHandle, now: Date) {
  const [noc] = await handle.db.select().from(users).where(eq(users.email, 'noc@watchfloor.test'));
  if (!noc) throw new Error('the demo world has no NOC engineer');
  const session: Session = {
    user: {
      id: noc.id,
      email: noc.email,
      name: noc.name,
      role: noc.role,
      organisationId: noc.organisationId,
    },
    expires: '2099-01-01T00:00:00.000Z',
  };
  return createCaller({ db: handle.db, session, now: () => now });
}

export async function runQueueMillionBench(
  log = (line: string) => process.stderr.write(`… ${line}\n`),
): Promise<QueueMillionResult> {
  const result: QueueMillionResult = {
    machine: machineDescription(),
    postgres: '',
    serverVersion: '',
    loadBefore: os.loadavg(),
    loadAfter: [],
    load: null,
    runs: RUNS,
    service: null,
    hand: null,
    handOnePass: null,
    samePage: false,
    explains: [],
    memory: null,
    ok: false,
  };
  const adminUrl = adminUrlFrom();
  const database = await createBenchDatabase(adminUrl, `wf_million_${process.pid}`);
  result.postgres = `${redact(database.url)}, dropped afterwards`;
  const now = new Date();
  let handle: DatabaseHandle | undefined;
  let pool: pg.Pool | undefined;
  const drop = () =>
    database.drop(async () => {
      await handle?.close().catch(() => {});
      await pool?.end().catch(() => {});
    });
  const onSignal = () => {
    drop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  try {
    log(`loading ${TICKETS.toLocaleString('en-US')} tickets into ${database.name}`);
    result.load = await loadMillionWorld(database.url, {
      layout: { ...MILLION, tickets: TICKETS },
      now,
      log,
    });
    handle = fromPostgres(database.url, 4);
    result.serverVersion = await serverVersion(handle.db);
    pool = new pg.Pool({
      connectionString: database.url,
      max: 4,
      // The session settings of the app's pool (db/client.ts), so both sides are planned alike.
      onConnect: async (client) => {
        await client.query('set jit = off');
      },
    });
    const api = await nocCaller(handle, now);
    const servicePage = async () => (await api.tickets.list(NOC_VIEW)).items.map((t) => t.id);

    log('checking the pages agree, capturing the statements');
    const captured: { text: string; values: unknown[] }[] = [];
    const first = await withQueryHook((text, values) => {
      if (/^\s*select/i.test(text)) captured.push({ text, values });
    }, servicePage);
    const expected = JSON.stringify(first);
    result.samePage =
      expected === JSON.stringify(await handWrittenPage(pool)) &&
      expected === JSON.stringify(await handWrittenPage(pool, HAND_ROWS_ONE_PASS));

    log(`timing ${RUNS} runs each after ${WARMUP} warm-up, alternating`);
    for (let i = 0; i < WARMUP; i++) {
      await servicePage();
      await handWrittenPage(pool);
      await handWrittenPage(pool, HAND_ROWS_ONE_PASS);
    }
    const serviceMs: number[] = [];
    const handMs: number[] = [];
    const onePassMs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      // Alternating, so both face the same moments of a shared machine's load.
      let t0 = performance.now();
      await servicePage();
      serviceMs.push(performance.now() - t0);
      t0 = performance.now();
      await handWrittenPage(pool);
      handMs.push(performance.now() - t0);
      t0 = performance.now();
      await handWrittenPage(pool, HAND_ROWS_ONE_PASS);
      onePassMs.push(performance.now() - t0);
    }
    result.service = latency(serviceMs);
    result.hand = latency(handMs);
    result.handOnePass = latency(onePassMs);

    for (const [i, statement] of captured.entries())
      result.explains.push({
        label: `service statement ${i + 1} of ${captured.length}`,
        plan: await explain(pool, statement.text, statement.values),
      });
    result.explains.push({ label: 'hand-written rows', plan: await explain(pool, HAND_ROWS, []) });
    result.explains.push({
      label: 'hand-written rows in one pass (for comparison)',
      plan: await explain(pool, HAND_ROWS_ONE_PASS, []),
    });

    if (MEMORY) {
      await handle.close();
      handle = undefined;
      await pool.end();
      pool = undefined;
      result.memory = await measureServerMemory({ databaseUrl: database.url, quick: QUICK, log });
    }
    result.ok = result.samePage && (result.memory === null || result.memory.bad === 0);
  } finally {
    process.removeListener('SIGINT', onSignal);
    result.loadAfter = os.loadavg();
    log(`dropping ${database.name}`);
    await drop();
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------

export function queueMillionFigures(result: QueueMillionResult): Figure[] {
  const out: Figure[] = [];
  const size = result.load
    ? `${result.load.tickets.toLocaleString('en-US')} tickets, ${result.load.openOutages.toLocaleString('en-US')} open outages`
    : '';
  if (result.service && result.hand) {
    out.push(
      figure({
        name: `NOC queue p95 at ${result.load?.tickets.toLocaleString('en-US')} tickets: tickets.list vs hand-written SQL`,
        value: result.service.p95Ms,
        unit: 'ms',
        baseline: { name: 'hand-written SQL p95', value: result.hand.p95Ms },
        target: { on: 'ratio', kind: 'max', limit: 1.5 },
        note: size,
      }),
      figure({
        name: `NOC queue p95 at ${result.load?.tickets.toLocaleString('en-US')} tickets (absolute)`,
        value: result.service.p95Ms,
        unit: 'ms',
        target: { on: 'value', kind: 'max', limit: 25 },
        note: `p50 ${result.service.p50Ms.toFixed(2)} ms; ${size}`,
      }),
    );
  }
  if (result.memory) {
    out.push(
      figure({
        name: `Server RSS at ${result.load?.tickets.toLocaleString('en-US')} tickets under status + queue load (peak)`,
        value: result.memory.peakMb,
        unit: 'MB',
        baseline: { name: 'RSS when ready, idle', value: result.memory.readyMb },
        target: { on: 'value', kind: 'max', limit: 350 },
        note: `steady ${result.memory.steadyMb.toFixed(0)} MB; ${result.memory.requests.toLocaleString('en-US')} requests`,
      }),
    );
  }
  return out;
}

export function printQueueMillionBench(result: QueueMillionResult): void {
  const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  console.log('Queue at 1,000,000 tickets, and server memory on it (issue #15)');
  console.log(`machine: ${result.machine}`);
  console.log(`PostgreSQL ${result.serverVersion}: ${result.postgres}`);
  console.log(`load average before: ${load(result.loadBefore)} · after: ${load(result.loadAfter)}`);
  if (result.load) {
    const l = result.load;
    console.log(
      `\ndata: ${l.tickets.toLocaleString('en-US')} tickets (${l.openTickets.toLocaleString('en-US')} open, ${l.openOutages.toLocaleString('en-US')} open outages), ${l.clocks.toLocaleString('en-US')} SLA clocks, ${l.links.toLocaleString('en-US')} service links, ${l.organisations} organisations; database ${(l.databaseBytes / 1024 ** 2).toFixed(0)} MB; loaded in ${(l.totalMs / 1000).toFixed(1)} s`,
    );
    console.log(
      table(
        ['load step', 's'],
        l.steps.map((s) => [s.what, (s.ms / 1000).toFixed(1)]),
      ),
    );
  }
  if (result.service && result.hand) {
    console.log(`\nNOC view, first page: ${result.runs} runs each, alternating (NOC engineer's session)`);
    console.log(
      table(
        ['query', 'p50 ms', 'p95 ms', 'p99 ms', 'mean ms'],
        [
          ['tickets.list (tRPC caller)', result.service],
          ['hand-written SQL (ids first, then the page)', result.hand],
          ...(result.handOnePass
            ? [['hand-written SQL in one pass (full rows sorted)', result.handOnePass]]
            : []),
        ].map(([name, l]) => {
          const x = l as Latency;
          return [name as string, ms(x.p50Ms), ms(x.p95Ms), ms(x.p99Ms), ms(x.meanMs)];
        }),
      ),
    );
    console.log(
      `p95 ratio ×${(result.service.p95Ms / result.hand.p95Ms).toFixed(2)} (target ≤ 1.5); absolute p95 ${ms(result.service.p95Ms)} ms (target ≤ 25 ms); same rows: ${result.samePage ? 'yes' : 'NO'}`,
    );
  }
  for (const e of result.explains) {
    console.log(`\nEXPLAIN (ANALYZE, BUFFERS): ${e.label}`);
    console.log(e.plan.map((line) => `  ${line}`).join('\n'));
  }
  if (result.memory) {
    const m = result.memory;
    console.log(`\nServer memory (VmRSS of scripts/serve.mjs on this database)`);
    console.log(
      table(
        ['phase', 'MB'],
        [
          ['ready (idle)', m.readyMb.toFixed(0)],
          ['peak under load', m.peakMb.toFixed(0)],
          ['steady under load (median of the second half)', m.steadyMb.toFixed(0)],
          ['after the load', m.afterMb.toFixed(0)],
        ],
      ),
    );
    console.log(
      `load: ${m.description}; ${m.requests.toLocaleString('en-US')} requests, ${m.bad} failed; start-to-ready ${(m.startMs / 1000).toFixed(1)} s (target ≤ 350 MB peak)`,
    );
  }
}

runWhenMain(import.meta.url, {
  name: 'queue-million',
  run: () => runQueueMillionBench(),
  print: printQueueMillionBench,
  wrongResult:
    "the service's first NOC page differs from the hand-written SQL's, or a request failed under load",
});

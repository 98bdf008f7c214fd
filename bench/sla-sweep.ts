// Benchmark: the SLA sweep (issue #4 "Benchmarks", second half).
//
//   npx tsx bench/sla-sweep.ts        (npm run bench:sla runs the business-time benchmark, then this)
//
// On PostgreSQL (BENCH_DATABASE_URL, DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres; the
// benchmark works in a database of its own, wf_sweep_<pid>, which it drops at the end, on failure and on
// Ctrl-C) it bulk-loads 500,000 outage tickets with two running SLA clocks each (response and resolution:
// 1,000,000 running clocks) using set-based SQL, then lets 10,000 of them come due at one instant and
// sweeps them with server/services/sla/sweep-clocks.ts (sweepDueClocks, batches of 500) at a simulated "now"
// equal to that instant, with 1, 2 and 4 workers. Each worker is a thread of its own with its own connection,
// as each `npm run worker` is a process of its own: their Node work runs in parallel (bench/lib/sweep-thread.ts).
//
// The 10,000 due clocks are response clocks whose 75 % and 90 % warnings already fired (warned = {75,90}
// in the machine and the column), so each fires exactly one BREACH: one fired_effects row, one
// `sla.breached` audit event, one notification to the assignee. Every other clock is due between 1.5 and
// 22.5 days later. Each run uses its own group of 10,000 tickets (ticket number ≡ group mod 50), due one
// hour after the previous group, so every run starts from exactly 10,000 due clocks among 1,000,000.
// Tickets of the due groups carry a genuine hash-chained `ticket.created` event (chain head 1); the
// others have an empty chain (head 0), which is all the append path reads.
//
// Reported: load time; EXPLAIN (ANALYZE, BUFFERS) of the due claim as the sweep issues it (captured from
// the driver during a rolled-back batch) and whether it scans sla_clocks_next_check_idx; the same claim
// with every clock due (catch-up); how four concurrent claims split the work; per run the time until all
// 10,000 are applied, fired events/s, and breach latency after due (the time the clock's batch committed
// minus the start of the sweep, which stands for the due instant; the scheduler's wake-up at the due
// instant is not included); a baseline in the same database (one statement per batch that claims due
// clock rows with SKIP LOCKED and clears next_check_at, nothing else); where a batch's time goes (per
// statement class, 1 worker) and what the Node side costs per batch. A small PGlite figure (10,000
// clocks, 100 due) is printed on the side (PGlite lives in this thread, so that run sweeps in it).
//
// Data layout: one group of 10,000 due tickets per run (sweep and baseline at each worker count).
//
// It fails (exit 1) only on errors or wrong results: a due clock not breached exactly once, a missing or
// extra fired effect, audit event or notification, an audit chain that does not verify, or load data
// that disagrees with clockRow().

import { createHash } from 'node:crypto';
import { once } from 'node:events';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import pg from 'pg';
import { type Database, type DatabaseHandle, fromPglite } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { organisations, ticketEvents, users } from '../db/schema';
import { queryRows } from '../db/sql';
import { verifyAuditChains } from '../server/services/audit/verify';
import { GENESIS_HASH } from '../server/services/kernel/canonical';
import { chainEvents, EMPTY_CHAIN, type NewTicketEvent } from '../server/services/kernel/chain';
import type { Actor } from '../server/services/kernel/context';
import { checkEvent, clockColumns } from '../server/services/sla/internal/clock-rows';
import { SCHEDULER_ACTOR, type SweepResult, sweepDueClocks } from '../server/services/sla/sweep-clocks';
import { startLifecycle } from '../workflows/machines';
import { CALENDAR_24X7 } from '../workflows/sla/calendar';
import {
  type ClockCheck,
  clockRow,
  dueChecks,
  fireCheck,
  type PersistedClock,
  startClock,
  sweepClock,
} from '../workflows/sla/clock';
import type { SlaMetric } from '../workflows/sla/constants';
import { formatTicketNumber } from '../workflows/tickets/constants';
import {
  cpuMeter,
  type LatencySummary,
  machineDescription,
  runWhenMain,
  summarizeLatencies,
  table,
} from './lib/measure';
import { adminUrlFrom, backendCpuMs, backendPids, withBenchDatabase, withQueryHook } from './lib/postgres';
import {
  absoluteNow,
  countDue,
  inProcessCoordination,
  type SweepFn,
  type SweepTally,
  sweepUntilDone,
} from './lib/sweep-loop';
import type { SweepThreadData, SweepThreadMessage } from './lib/sweep-thread';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Every clock starts here (simulated time). */
const T0 = Date.UTC(2026, 2, 2, 8, 0, 0);
/** Group k's response clocks have a target of 4 h + k h, so they breach at T0 + 4 h + k h. */
const DUE_TARGET_MS = 4 * HOUR;
/** Every other clock: target 2–30 days (whole minutes), first check (75 %) 1.5–22.5 days after T0. */
const FAR_TARGET_MIN_MS = 2 * DAY;
const FAR_TARGET_SPREAD_MINUTES = 28 * 24 * 60;
const TARGET_EVENTS_PER_SEC = 5_000;
const TARGET_P99_MS = 1_000;
const NEXT_CHECK_INDEX = 'sla_clocks_next_check_idx';
const CAPTURED = 'claim as sweepDueClocks sends it';
const BENCH_ACTOR: Actor = { type: 'system', label: 'bench' };
/** A run that has not applied its clocks after this long is an error, not a slow result. */
const RUN_TIMEOUT_MS = 150_000;

const dueInstant = (group: number) => T0 + DUE_TARGET_MS + group * HOUR;

// ---------------------------------------------------------------------------------------------------
// Result types

export interface SweepLayout {
  tickets: number;
  /** Clocks that come due at once, per group. */
  due: number;
  /** Groups of `due` tickets each (ticket number ≡ group mod tickets/due), one per run. */
  groups: number;
}

export interface LoadReport {
  engine: string;
  tickets: number;
  clocks: number;
  createdEvents: number;
  ticketsMs: number;
  eventsMs: number;
  clocksMs: number;
  vacuumMs: number;
  totalMs: number;
  databaseBytes: number | null;
}

export interface SweepRun {
  engine: string;
  label: string;
  kind: 'sweep' | 'baseline';
  workers: number;
  batchSize: number;
  group: number;
  /** Due clocks when the run started. */
  due: number;
  /** Fired events (sweep) or rows updated (baseline). */
  events: number;
  batches: number;
  /** Batches that claimed nothing while clocks were still due (another worker held them). */
  emptyClaims: number;
  /** Batches that claimed tickets but fired nothing (their clocks were applied by another worker). */
  idleBatches: number;
  /** Until the last due clock was applied. */
  wallMs: number;
  /** Until every worker had found nothing more to claim (what the breakdown divides up). */
  totalMs: number;
  eventsPerSec: number;
  latency: LatencySummary;
  nodeCpuUsPerEvent: number;
  pgCpuUsPerEvent: number | null;
  machineBusyPercent: number;
}

export interface ExplainReport {
  label: string;
  sql: string;
  plan: string[];
  executionMs: number;
  usesIndex: boolean;
  /** The plan line of the sla_clocks scan (index or not). */
  scanLine: string;
}

export interface BreakdownRow {
  what: string;
  statements: number;
  totalMs: number;
}

export interface ContentionReport {
  label: string;
  rowsPerWorker: number[];
  distinct: number;
  ms: number;
}

export interface SweepCheck {
  what: string;
  ok: boolean;
  detail: string;
}

export interface SweepBenchResult {
  machine: string;
  cores: number;
  loadAverage: number[];
  freeMemoryGiB: number;
  serverVersion: string | null;
  postgres: { available: boolean; note: string };
  layout: SweepLayout;
  batchSize: number;
  loads: LoadReport[];
  explains: ExplainReport[];
  catchUp: ExplainReport[];
  contention: ContentionReport[];
  /** Per-statement-class round trips of the 1-worker sweep run. */
  breakdowns: { label: string; rows: BreakdownRow[]; wallMs: number; batches: number; events: number }[];
  /** Node CPU per batch, measured apart from the database. */
  nodeCosts: { what: string; ms: number }[];
  /** Row updates during the runs and how many were HOT (no index entries written), per table. */
  hotUpdates: { table: string; updates: number; hot: number }[];
  runs: SweepRun[];
  checks: SweepCheck[];
  durationMs: number;
  ok: boolean;
}

export interface SweepBenchOptions {
  layout?: SweepLayout;
  batchSize?: number;
  workers?: readonly number[];
  adminUrl?: string;
  /** The 10,000-clock PGlite side figure (default on). */
  pglite?: boolean;
  log?: (line: string) => void;
}

// ---------------------------------------------------------------------------------------------------
// Deterministic ids: the SQL (md5(text)::uuid) and this function name the same rows.

function md5Uuid(text: string): string {
  const h = createHash('md5').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
const ticketIdOf = (i: number) => md5Uuid(`wf-ticket-${i}`);
const clockIdOf = (metric: SlaMetric, i: number) => md5Uuid(`wf-clock-${metric}-${i}`);

function modulusOf(layout: SweepLayout): number {
  const m = layout.tickets / layout.due;
  if (!Number.isInteger(m) || m < layout.groups) {
    throw new Error(`layout: tickets / due must be an integer ≥ groups (${layout.tickets}/${layout.due})`);
  }
  return m;
}

/** Ticket numbers of group k: i in [1, tickets] with i ≡ k (mod tickets/due). */
function groupNumbers(layout: SweepLayout, group: number): number[] {
  const m = modulusOf(layout);
  const out: number[] = [];
  for (let i = group === 0 ? m : group; i <= layout.tickets; i += m) out.push(i);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Templates: real machine JSON from the pure API.

/** A response clock started at T0 whose warnings already fired: its next check is the breach. */
function dueTemplate(group: number): { machine: PersistedClock; targetMs: number } {
  const targetMs = DUE_TARGET_MS + group * HOUR;
  let machine = startClock({ metric: 'response', at: T0, targetMs });
  for (const check of dueChecks(machine, CALENDAR_24X7, T0 + targetMs - 1)) {
    const fired = fireCheck(machine, check);
    if (!fired.ok) throw new Error(`template: ${fired.message}`);
    machine = fired.persisted;
  }
  const row = clockRow(machine, CALENDAR_24X7);
  if (row.nextCheckAt !== dueInstant(group) || row.warned.join() !== '75,90') {
    throw new Error(`template: group ${group} is not due for its breach at ${dueInstant(group)}`);
  }
  return { machine, targetMs };
}

function createdEvent(i: number, orgId: string, status: string): NewTicketEvent {
  return {
    type: 'ticket.created',
    payload: {
      kind: 'outage',
      number: formatTicketNumber('outage', i),
      title: `Bench outage ${i}`,
      description: '',
      organisationId: orgId,
      serviceIds: [],
      impact: 'high',
      urgency: 'high',
      priority: 'P1',
      status,
      severity: null,
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Loading (set-based: INSERT … SELECT generate_series)

async function loadWorld(
  handle: DatabaseHandle,
  layout: SweepLayout,
  engine: string,
  log: (line: string) => void,
): Promise<LoadReport> {
  const db = handle.db;
  const m = modulusOf(layout);
  const t0 = new Date(T0).toISOString();
  const started = performance.now();

  const [org] = await db
    .insert(organisations)
    .values({ slug: 'bench-sweep', name: 'Bench sweep customer', kind: 'customer', createdAt: new Date(T0) })
    .returning({ id: organisations.id });
  const [user] = await db
    .insert(users)
    .values({
      email: 'noc@sweep.test',
      name: 'Bench NOC',
      role: 'noc_engineer',
      organisationId: org!.id,
      createdAt: new Date(T0),
    })
    .returning({ id: users.id });
  const lifecycle = startLifecycle('outage');

  // Genesis events of the due groups' tickets, hashed exactly as createTicket does.
  log(`${engine}: hashing ${layout.groups * layout.due} ticket.created events`);
  const events: (typeof ticketEvents.$inferInsert)[] = [];
  const heads: { i: number; hash: string }[] = [];
  for (let group = 0; group < layout.groups; group++) {
    for (const i of groupNumbers(layout, group)) {
      const chained = chainEvents(ticketIdOf(i), EMPTY_CHAIN, BENCH_ACTOR, new Date(T0), [
        createdEvent(i, org!.id, lifecycle.status),
      ]);
      events.push(...chained.rows);
      heads.push({ i, hash: chained.head.hash });
    }
  }
  await db.execute(sql`create table bench_heads (i integer primary key, hash text not null)`);
  for (let at = 0; at < heads.length; at += 10_000) {
    await db.execute(sql`insert into bench_heads select * from
      jsonb_to_recordset(${JSON.stringify(heads.slice(at, at + 10_000))}::jsonb) as h(i integer, hash text)`);
  }

  log(`${engine}: inserting ${layout.tickets.toLocaleString('en-US')} tickets`);
  let t = performance.now();
  await db.execute(sql`
    insert into tickets (id, kind, number, organisation_id, title, impact, urgency, priority, status,
      security_link, lifecycle, event_seq, event_hash, assignee_id, created_at, updated_at)
    select md5('wf-ticket-' || g.i)::uuid, 'outage', g.i, ${org!.id}, 'Bench outage ' || g.i, 'high', 'high',
      'P1', ${lifecycle.status}, ${lifecycle.securityLink ?? null}, ${JSON.stringify(lifecycle.persisted)}::jsonb,
      case when h.hash is null then 0 else 1 end, coalesce(h.hash, ${GENESIS_HASH}), ${user!.id},
      ${t0}::timestamptz, ${t0}::timestamptz
    from generate_series(1, ${layout.tickets}::integer) as g(i) left join bench_heads h on h.i = g.i`);
  const ticketsMs = performance.now() - t;
  await db.execute(sql`drop table bench_heads`);

  log(`${engine}: inserting ${events.length.toLocaleString('en-US')} audit events`);
  t = performance.now();
  for (let at = 0; at < events.length; at += 5_000) {
    await db.execute(sql`
      insert into ${ticketEvents} (ticket_id, seq, type, actor_type, actor_id, actor_label, payload, occurred_at,
        prev_hash, hash)
      select "ticketId", seq, type, "actorType", "actorId", "actorLabel", payload, "occurredAt", "prevHash", hash
      from jsonb_to_recordset(${JSON.stringify(events.slice(at, at + 5_000))}::jsonb) as e("ticketId" uuid,
        seq integer, type text, "actorType" text, "actorId" uuid, "actorLabel" text, payload jsonb,
        "occurredAt" timestamptz, "prevHash" text, hash text)`);
  }
  const eventsMs = performance.now() - t;

  const clocks = layout.tickets * 2;
  log(`${engine}: inserting ${clocks.toLocaleString('en-US')} clocks`);
  t = performance.now();
  const insertClocks = (select: SQL) =>
    db.execute(sql`insert into sla_clocks (id, ticket_id, metric, subject_key, state, machine, target_ms,
      elapsed_ms, started_at, due_at, next_check_at, warned, updated_at) ${select}`);
  for (let group = 0; group < layout.groups; group++) {
    const { machine, targetMs } = dueTemplate(group);
    const due = new Date(dueInstant(group)).toISOString();
    const warnedAt = new Date(T0 + (targetMs * 90) / 100).toISOString();
    await insertClocks(sql`
      select md5('wf-clock-response-' || g.i)::uuid, md5('wf-ticket-' || g.i)::uuid, 'response', '', 'running',
        ${JSON.stringify(machine)}::jsonb, ${targetMs}::bigint, 0, ${t0}::timestamptz, ${due}::timestamptz,
        ${due}::timestamptz, '{75,90}'::integer[], ${warnedAt}::timestamptz
      from generate_series(1, ${layout.tickets}::integer) as g(i) where g.i % ${m}::integer = ${group}::integer`);
  }
  for (const metric of ['response', 'resolution'] as const) {
    const template = startClock({ metric, at: T0, targetMs: FAR_TARGET_MIN_MS });
    const salt = metric === 'response' ? 0 : 104_729;
    // Whole-minute targets are divisible by 4, so the 75 % check is exactly target × 3 / 4.
    await insertClocks(sql`
      select md5('wf-clock-' || ${metric}::text || '-' || g.i)::uuid, md5('wf-ticket-' || g.i)::uuid, ${metric}, '',
        'running', jsonb_set(${JSON.stringify(template)}::jsonb, '{snapshot,context,targetMs}', to_jsonb(x.target)),
        x.target, 0, ${t0}::timestamptz, ${t0}::timestamptz + x.target * interval '1 millisecond',
        ${t0}::timestamptz + (x.target * 3 / 4) * interval '1 millisecond', '{}'::integer[], ${t0}::timestamptz
      from generate_series(1, ${layout.tickets}::integer) as g(i),
        lateral (select ${FAR_TARGET_MIN_MS}::bigint
          + ((g.i::bigint * 7919 + ${salt}::bigint) % ${FAR_TARGET_SPREAD_MINUTES}::bigint) * ${MINUTE}::bigint
          as target) as x
      where ${metric === 'resolution' ? sql`true` : sql`g.i % ${m}::integer >= ${layout.groups}::integer`}`);
  }
  const clocksMs = performance.now() - t;

  log(`${engine}: vacuum analyze`);
  t = performance.now();
  await db.execute(sql`vacuum analyze`);
  const vacuumMs = performance.now() - t;
  let databaseBytes: number | null = null;
  if (handle.engine === 'postgres') {
    const [size] = await queryRows<{ b: string }>(db, sql`select pg_database_size(current_database()) as b`);
    databaseBytes = Number(size?.b);
  }
  return {
    engine,
    tickets: layout.tickets,
    clocks,
    createdEvents: events.length,
    ticketsMs,
    eventsMs,
    clocksMs,
    vacuumMs,
    totalMs: performance.now() - started,
    databaseBytes,
  };
}

/** Loaded rows agree with what clockRow() derives from their machine JSON. */
async function checkLoad(db: Database, layout: SweepLayout, engine: string): Promise<SweepCheck[]> {
  type Row = {
    machine: PersistedClock;
    state: string;
    target_ms: string | number;
    elapsed_ms: string | number;
    started_at: Date | string;
    due_at: Date | string | null;
    next_check_at: Date | string | null;
    warned: number[];
  };
  const columns = sql`machine, state, target_ms, elapsed_ms, started_at, due_at, next_check_at, warned`;
  const sample = await queryRows<Row>(db, sql`select ${columns} from sla_clocks order by id limit 300`);
  for (let group = 0; group < layout.groups; group++) {
    sample.push(
      ...(await queryRows<Row>(
        db,
        sql`select ${columns} from sla_clocks where next_check_at = ${new Date(dueInstant(group)).toISOString()}::timestamptz limit 20`,
      )),
    );
  }
  const ms = (v: Date | string | null) => (v === null ? null : new Date(v).getTime());
  const bad: string[] = [];
  for (const r of sample) {
    const want = clockRow(r.machine, CALENDAR_24X7);
    const got = {
      state: r.state,
      targetMs: Number(r.target_ms),
      elapsedMs: Number(r.elapsed_ms),
      startedAt: ms(r.started_at),
      dueAt: ms(r.due_at),
      nextCheckAt: ms(r.next_check_at),
      warned: [...r.warned],
    };
    const expected = {
      state: want.state,
      targetMs: want.targetMs,
      elapsedMs: want.elapsedMs,
      startedAt: want.startedAt,
      dueAt: want.dueAt,
      nextCheckAt: want.nextCheckAt,
      warned: want.warned,
    };
    if (JSON.stringify(got) !== JSON.stringify(expected))
      bad.push(`${JSON.stringify(got)} ≠ ${JSON.stringify(expected)}`);
  }
  const [counts] = await queryRows<{ running: string | number; due: string | number }>(
    db,
    sql`select count(*) filter (where state = 'running' and next_check_at is not null) as running,
          count(*) filter (where next_check_at <= ${new Date(dueInstant(0)).toISOString()}::timestamptz) as due
        from sla_clocks`,
  );
  const checks: SweepCheck[] = [
    {
      what: 'loaded clocks agree with clockRow(machine)',
      ok: bad.length === 0,
      detail: bad.length
        ? `${bad.length} of ${sample.length} differ, e.g. ${bad[0]}`
        : `${sample.length} sampled`,
    },
    {
      what: 'running clocks / due at the first instant',
      ok: Number(counts?.running) === layout.tickets * 2 && Number(counts?.due) === layout.due,
      detail: `${Number(counts?.running).toLocaleString('en-US')} running, ${Number(counts?.due).toLocaleString('en-US')} due`,
    },
  ];
  return checks.map((c) => ({ ...c, what: `${engine}: ${c.what}` }));
}

/** Baseline: the least a sweep must do per batch: claim due rows (SKIP LOCKED) and move them on. */
export async function baselineBatch(db: Database, now: Date, batchSize: number): Promise<SweepResult> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update sla_clocks set next_check_at = null, updated_at = ${now}
        where id in (select id from sla_clocks where next_check_at <= ${now}
                     order by next_check_at limit ${batchSize} for update skip locked)
        returning id`,
  );
  return { tickets: rows.length, fired: rows.length };
}

// ---------------------------------------------------------------------------------------------------
// Driver-level instrumentation (pg only): capture statements and time them by class.

const STATEMENT_CLASSES: [string, RegExp][] = [
  ['begin / commit', /^\s*(begin|commit|rollback)\b/i],
  [
    'claim due clocks with their tickets and calendars (FOR UPDATE OF tickets, sla_clocks SKIP LOCKED)',
    /skip locked/i,
  ],
  ['update clocks (jsonb_to_recordset)', /^\s*update "sla_clocks"/i],
  ['insert fired_effects … returning (jsonb_to_recordset)', /^\s*insert into "fired_effects"/i],
  ['append audit events + move ticket heads', /with appended/i],
  ['insert notifications (jsonb_to_recordset)', /insert into "notifications"/i],
  ['pg_notify, one statement per batch', /pg_notify/i],
  ['count due (run start; a worker that claimed nothing)', /^select count\(\*\) as n from sla_clocks/i],
];

export function classifyStatement(text: string): string {
  return STATEMENT_CLASSES.find(([, re]) => re.test(text))?.[0] ?? `other: ${text.slice(0, 40)}`;
}

class Rollback extends Error {}

/** The claim statement sweepDueClocks sends, captured at the driver during a batch that is rolled back. */
async function captureClaim(
  handle: DatabaseHandle,
  now: Date,
  batchSize: number,
): Promise<{ text: string; values: unknown[] }> {
  let claim: { text: string; values: unknown[] } | undefined;
  await withQueryHook(
    (text, values) => {
      if (!claim && /skip locked/i.test(text)) claim = { text, values };
    },
    () =>
      handle.db
        .transaction(async (tx) => {
          await sweepDueClocks(tx as unknown as Database, now, batchSize);
          throw new Rollback();
        })
        .catch((error: unknown) => {
          if (!(error instanceof Rollback)) throw error;
        }),
  );
  if (!claim) throw new Error('captureClaim: sweepDueClocks sent no statement with SKIP LOCKED');
  return claim;
}

const SCAN_OF_INDEX = new RegExp(
  `(Index Scan|Index Only Scan)( Backward)? using ${NEXT_CHECK_INDEX}|Bitmap Index Scan on ${NEXT_CHECK_INDEX}`,
);

async function explain(
  pool: pg.Pool,
  label: string,
  text: string,
  values: unknown[],
): Promise<ExplainReport> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const result = await client.query<{ 'QUERY PLAN': string }>(
      `explain (analyze, buffers) ${text}`,
      values as unknown[],
    );
    await client.query('rollback');
    const plan = result.rows.map((r) => r['QUERY PLAN']);
    const executionMs = Number(/Execution Time: ([\d.]+) ms/.exec(plan.join('\n'))?.[1] ?? Number.NaN);
    const scanLine =
      plan.find((l) => l.includes(NEXT_CHECK_INDEX)) ??
      plan.find((l) => /Scan.* on sla_clocks/.test(l)) ??
      '(no scan of sla_clocks found)';
    return {
      label,
      sql: text,
      plan,
      executionMs,
      usesIndex: plan.some((l) => SCAN_OF_INDEX.test(l)),
      scanLine: scanLine.trim(),
    };
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** `workers` transactions run the same claim at the same moment; how many rows does each get? */
async function contention(
  pool: pg.Pool,
  label: string,
  text: string,
  values: unknown[],
  workers: number,
): Promise<ContentionReport> {
  const clients = await Promise.all(Array.from({ length: workers }, () => pool.connect()));
  try {
    await Promise.all(clients.map((c) => c.query('begin')));
    const t0 = performance.now();
    const results = await Promise.all(clients.map((c) => c.query<{ id: string }>(text, values as unknown[])));
    const ms = performance.now() - t0;
    const ids = results.flatMap((r) => r.rows.map((row) => Object.values(row)[0] as string));
    return {
      label,
      rowsPerWorker: results.map((r) => new Set(r.rows.map((row) => Object.values(row)[0])).size),
      distinct: new Set(ids).size,
      ms,
    };
  } finally {
    await Promise.all(clients.map((c) => c.query('rollback').catch(() => {})));
    for (const c of clients) c.release();
  }
}

// ---------------------------------------------------------------------------------------------------
// Runs

interface RunSpec {
  engine: string;
  label: string;
  kind: SweepRun['kind'];
  group: number;
  batchSize: number;
}

/** A run's figures from its workers' tallies and the CPU it used. */
function toRun(
  spec: RunSpec,
  workers: number,
  due: number,
  tallies: readonly SweepTally[],
  totalMs: number,
  cpu: { processCpuMs: number; machineBusyPercent: number },
  pgCpuMs: number | null,
): SweepRun {
  const commits = tallies.flatMap((t) => t.commits);
  const sum = (pick: (t: SweepTally) => number) => tallies.reduce((n, t) => n + pick(t), 0);
  const events = sum((t) => t.events);
  const wallMs = commits.reduce((last, c) => Math.max(last, c.atMs), 0);
  return {
    engine: spec.engine,
    label: spec.label,
    kind: spec.kind,
    workers,
    batchSize: spec.batchSize,
    group: spec.group,
    due,
    events,
    batches: sum((t) => t.batches),
    emptyClaims: sum((t) => t.emptyClaims),
    idleBatches: sum((t) => t.idleBatches),
    wallMs,
    totalMs,
    eventsPerSec: events / (wallMs / 1000),
    // Every event of a batch is applied when its batch commits.
    latency: summarizeLatencies(commits.flatMap((c) => Array<number>(c.fired).fill(c.atMs))),
    nodeCpuUsPerEvent: (cpu.processCpuMs * 1000) / Math.max(1, events),
    pgCpuUsPerEvent: pgCpuMs === null ? null : (pgCpuMs * 1000) / Math.max(1, events),
    machineBusyPercent: cpu.machineBusyPercent,
  };
}

/** Workers as concurrent loops of this thread (PGlite, which lives in this thread). */
async function runSweepInProcess(
  handles: DatabaseHandle[],
  spec: RunSpec & { sweep: SweepFn },
): Promise<SweepRun> {
  const now = new Date(dueInstant(spec.group));
  const due = await countDue(handles[0]!.db, now);
  const coordination = inProcessCoordination();
  const stopCpu = cpuMeter();
  const startedAt = absoluteNow();
  const settled = await Promise.allSettled(
    handles.map((handle) =>
      sweepUntilDone({
        db: handle.db,
        sweep: spec.sweep,
        now,
        batchSize: spec.batchSize,
        startedAt,
        timeoutMs: RUN_TIMEOUT_MS,
        label: spec.label,
        coordination,
      }),
    ),
  );
  const totalMs = absoluteNow() - startedAt;
  const cpu = stopCpu();
  const rejected = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (rejected) throw rejected.reason;
  const tallies = settled.map((s) => (s as PromiseFulfilledResult<SweepTally>).value);
  return toRun(spec, handles.length, due, tallies, totalMs, cpu, null);
}

/**
 * Workers as threads of their own, each with its own connection, as `npm run worker` processes are: their
 * Node work runs in parallel, as it would in production (loops sharing one thread would add up all the
 * workers' Node time on one core). Each thread connects and warms up before the clock starts.
 */
async function runSweepInThreads(
  url: string,
  admin: Database,
  spec: RunSpec & { workers: number; instrument: boolean },
): Promise<{ run: SweepRun; breakdown: BreakdownRow[] }> {
  const now = new Date(dueInstant(spec.group));
  const due = await countDue(admin, now);
  const data: Omit<SweepThreadData, 'entry'> = {
    url,
    kind: spec.kind,
    label: spec.label,
    nowMs: now.getTime(),
    batchSize: spec.batchSize,
    timeoutMs: RUN_TIMEOUT_MS,
    channel: `wf-sweep-${process.pid}-${spec.group}`,
    instrument: spec.instrument,
  };
  const threads = Array.from(
    { length: spec.workers },
    () =>
      new Worker(new URL('./lib/thread-entry.mjs', import.meta.url), {
        workerData: { entry: './sweep-thread.ts', ...data } satisfies SweepThreadData,
      }),
  );
  const inbox = threads.map((thread) => {
    const messages: SweepThreadMessage[] = [];
    let notify: (() => void) | null = null;
    let exited = false;
    thread.on('message', (m: SweepThreadMessage) => {
      messages.push(m);
      notify?.();
    });
    const fail = (message: string) => {
      messages.push({ type: 'failed', message });
      notify?.();
    };
    thread.on('error', (error) => fail(error.stack ?? error.message));
    thread.on('exit', (code) => {
      if (!exited && code !== 0) fail(`sweep thread exited with code ${code}`);
      exited = true;
    });
    return async (): Promise<SweepThreadMessage> => {
      while (messages.length === 0) await new Promise<void>((resolve) => (notify = resolve));
      notify = null;
      return messages.shift()!;
    };
  });
  const expect = async <T extends SweepThreadMessage['type']>(type: T) =>
    Promise.all(
      inbox.map(async (next) => {
        const message = await next();
        if (message.type === 'failed') throw new Error(`${spec.label}: ${message.message}`);
        if (message.type !== type) throw new Error(`${spec.label}: expected ${type}, got ${message.type}`);
        return message as Extract<SweepThreadMessage, { type: T }>;
      }),
    );
  try {
    await expect('ready');
    const pids = await backendPids(admin);
    const pg0 = backendCpuMs(pids);
    const stopCpu = cpuMeter();
    const startedAt = absoluteNow();
    for (const thread of threads) thread.postMessage({ startedAt });
    const done = await expect('done');
    const totalMs = absoluteNow() - startedAt;
    const cpu = stopCpu();
    const pg1 = backendCpuMs(pids);
    const tallies = done.map((d) => d.tally);
    const pgCpuMs = pg0 !== null && pg1 !== null ? pg1 - pg0 : null;
    return {
      run: toRun(spec, spec.workers, due, tallies, totalMs, cpu, pgCpuMs),
      breakdown: done.flatMap((d) => d.breakdown),
    };
  } finally {
    // Each thread closes its connection on `close` and exits; one that does not is stopped.
    await Promise.all(
      threads.map(async (thread) => {
        const exited = once(thread, 'exit');
        thread.postMessage({ close: true });
        const timer = setTimeout(() => void thread.terminate(), 5_000);
        await exited;
        clearTimeout(timer);
      }),
    );
  }
}

/** JIT warm-up of the pure per-clock work, so the first batch of the first run is not a cold start. */
export function warmUp(): void {
  const { machine } = dueTemplate(0);
  const now = dueInstant(0);
  for (let n = 0; n < 3_000; n++) {
    sweepClock(machine, CALENDAR_24X7, now);
    chainEvents(ticketIdOf(n), { seq: 1, hash: GENESIS_HASH }, SCHEDULER_ACTOR, new Date(now), [
      checkEvent('response', { kind: 'breach', dueAt: now }),
    ]);
  }
}

function medianMs(reps: number, run: () => unknown): number {
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** The Node side of one batch of `batchSize` breaches, piece by piece, without the database. */
function nodeCosts(batchSize: number): { what: string; ms: number }[] {
  const now = dueInstant(0);
  const at = new Date(now);
  const json = JSON.stringify(dueTemplate(0).machine);
  const ids = Array.from({ length: batchSize }, (_, i) => ticketIdOf(i + 1));
  const check: ClockCheck = { kind: 'breach', dueAt: now };
  const effects = ids.map((id) => ({ ticket_id: id, key: `clock:${id}:breach`, due_at: at.toISOString() }));
  const events = ids.flatMap(
    (id) =>
      chainEvents(id, { seq: 1, hash: GENESIS_HASH }, SCHEDULER_ACTOR, at, [checkEvent('response', check)])
        .rows,
  );
  const notes = ids.map((id, i) => ({
    user_id: id,
    ticket_id: id,
    dedup_key: `clock:${id}:breach`,
    kind: 'sla.breached',
    title: `${formatTicketNumber('outage', i + 1)}: response SLA breached`,
  }));
  const reps = 9;
  return [
    {
      what: 'machines: JSON.parse, sweepClock (one restore, transitions, one persist)',
      ms: medianMs(reps, () => {
        for (let i = 0; i < batchSize; i++)
          clockColumns(sweepClock(JSON.parse(json) as PersistedClock, CALENDAR_24X7, now).row);
      }),
    },
    {
      what: '  the same through dueChecks → fireCheck → clockRow (before sweepClock)',
      ms: medianMs(reps, () => {
        for (let i = 0; i < batchSize; i++) {
          let persisted = JSON.parse(json) as PersistedClock;
          for (const c of dueChecks(persisted, CALENDAR_24X7, now)) {
            const fired = fireCheck(persisted, c);
            if (!fired.ok) break;
            persisted = fired.persisted;
          }
          clockColumns(clockRow(persisted, CALENDAR_24X7));
        }
      }),
    },
    {
      what: '  of which fireCheck (one XState transition)',
      ms: medianMs(reps, () => {
        for (let i = 0; i < batchSize; i++) fireCheck(JSON.parse(json) as PersistedClock, check);
      }),
    },
    {
      what: 'chainEvents: canonical JSON + SHA-256 per event',
      ms: medianMs(reps, () => {
        for (const id of ids)
          chainEvents(id, { seq: 1, hash: GENESIS_HASH }, SCHEDULER_ACTOR, at, [
            checkEvent('response', check),
          ]);
      }),
    },
    {
      what: 'JSON parameters: fired_effects, audit rows, notifications, ids (JSON.stringify)',
      ms: medianMs(reps, () =>
        [effects, events, notes, ids].reduce((n, rows) => n + JSON.stringify(rows).length, 0),
      ),
    },
  ];
}

// ---------------------------------------------------------------------------------------------------
// Verification

async function verifyGroup(db: Database, layout: SweepLayout, run: SweepRun): Promise<SweepCheck[]> {
  const numbers = groupNumbers(layout, run.group);
  const ids = JSON.stringify(numbers.map(ticketIdOf));
  const group = sql`(select value::uuid from jsonb_array_elements_text(${ids}::jsonb))`;
  const due = new Date(dueInstant(run.group)).toISOString();
  const n = numbers.length;
  const [clocks] = await queryRows<Record<string, string | number>>(
    db,
    sql`select count(*) as total,
          count(*) filter (where state = 'breached' and breached_at = ${due}::timestamptz
            and due_at = ${due}::timestamptz and next_check_at is null and warned = '{75,90}') as breached
        from sla_clocks where metric = 'response' and ticket_id in ${group}`,
  );
  const [effects] = await queryRows<Record<string, string | number>>(
    db,
    sql`select count(*) as total, count(distinct f.key) as keys,
          count(*) filter (where f.key = 'clock:' || c.id || ':breach' and f.due_at = ${due}::timestamptz) as exact
        from fired_effects f
        left join sla_clocks c on c.ticket_id = f.ticket_id and c.metric = 'response'
        where f.ticket_id in ${group}`,
  );
  const [audit] = await queryRows<Record<string, string | number>>(
    db,
    sql`select
          (select count(*) from ticket_events where type = 'sla.breached' and ticket_id in ${group}) as breached,
          (select count(*) from ticket_events where ticket_id in ${group}) as total,
          (select count(*) from tickets t where t.id in ${group} and t.event_seq = 2 and t.event_hash =
             (select e.hash from ticket_events e where e.ticket_id = t.id and e.seq = 2)) as heads`,
  );
  const [notes] = await queryRows<Record<string, string | number>>(
    db,
    sql`select count(*) as total, count(distinct dedup_key) as keys from notifications
        where kind = 'sla.breached' and ticket_id in ${group}`,
  );
  // Full hash verification (canonical verifier) on a sample of the group's tickets.
  const sample = numbers.filter((_, k) => k % Math.max(1, Math.floor(n / 100)) === 0);
  let verified = 0;
  let chainBreak = '';
  for (const i of sample) {
    const v = await verifyAuditChains(db, { ticketId: ticketIdOf(i) });
    if (v.firstBreak) {
      chainBreak ||= `${v.firstBreak.ticket} #${v.firstBreak.seq}: ${v.firstBreak.reason}`;
    } else verified += v.eventsChecked;
  }
  const num = (v: string | number | undefined) => Number(v);
  const tag = `${run.engine} group ${run.group} (${run.label})`;
  return [
    {
      what: `${tag}: every due clock breached once, at its due instant`,
      ok: num(clocks?.total) === n && num(clocks?.breached) === n && run.events === n,
      detail: `${num(clocks?.breached)} of ${num(clocks?.total)} clocks breached; sweep reported ${run.events} fired`,
    },
    {
      what: `${tag}: fired_effects exactly one per clock`,
      ok: num(effects?.total) === n && num(effects?.keys) === n && num(effects?.exact) === n,
      detail: `${num(effects?.total)} rows, ${num(effects?.keys)} distinct keys, ${num(effects?.exact)} breach keys at due`,
    },
    {
      what: `${tag}: audit events appended, heads moved`,
      ok: num(audit?.breached) === n && num(audit?.total) === 2 * n && num(audit?.heads) === n,
      detail: `${num(audit?.breached)} sla.breached, ${num(audit?.total)} events, ${num(audit?.heads)} heads at seq 2`,
    },
    {
      what: `${tag}: one notification per breach`,
      ok: num(notes?.total) === n && num(notes?.keys) === n,
      detail: `${num(notes?.total)} notifications, ${num(notes?.keys)} distinct`,
    },
    {
      what: `${tag}: audit chains verify (sample)`,
      ok: chainBreak === '' && verified === 2 * sample.length,
      detail: chainBreak || `${sample.length} tickets, ${verified} events`,
    },
  ];
}

async function verifyBaseline(db: Database, layout: SweepLayout, run: SweepRun): Promise<SweepCheck[]> {
  const ids = JSON.stringify(groupNumbers(layout, run.group).map((i) => clockIdOf('response', i)));
  const [row] = await queryRows<{ n: string | number }>(
    db,
    sql`select count(*) as n from sla_clocks where next_check_at is null
          and id in (select value::uuid from jsonb_array_elements_text(${ids}::jsonb))`,
  );
  const n = layout.due;
  return [
    {
      what: `${run.engine} group ${run.group} (${run.label}): every due row claimed once`,
      ok: Number(row?.n) === n && run.events === n,
      detail: `${Number(row?.n)} rows moved, ${run.events} reported`,
    },
  ];
}

async function verifyTotals(
  db: Database,
  layout: SweepLayout,
  engine: string,
  sweeps: number,
  groupsUsed: number,
): Promise<SweepCheck[]> {
  const [row] = await queryRows<Record<string, string | number>>(
    db,
    sql`select (select count(*) from fired_effects) as effects,
          (select count(*) from ticket_events) as events,
          (select count(*) from notifications) as notes,
          (select count(*) from sla_clocks where state = 'running' and next_check_at is not null) as running`,
  );
  const n = layout.due;
  const expectRunning = layout.tickets * 2 - groupsUsed * n;
  const ok =
    Number(row?.effects) === sweeps * n &&
    Number(row?.events) === layout.groups * n + sweeps * n &&
    Number(row?.notes) === sweeps * n &&
    Number(row?.running) === expectRunning;
  return [
    {
      what: `${engine}: nothing else fired or changed`,
      ok,
      detail:
        `${Number(row?.effects)} fired_effects, ${Number(row?.events)} audit events, ${Number(row?.notes)} ` +
        `notifications; ${Number(row?.running).toLocaleString('en-US')} clocks still running (expected ${expectRunning.toLocaleString('en-US')})`,
    },
  ];
}

// ---------------------------------------------------------------------------------------------------
// PostgreSQL

async function benchPostgres(
  options: Required<Omit<SweepBenchOptions, 'log' | 'pglite'>>,
  result: SweepBenchResult,
  log: (line: string) => void,
): Promise<void> {
  const engine = 'PostgreSQL';
  const { layout, batchSize } = options;
  const name = `wf_sweep_${process.pid}`;
  // The runs: each on its own group, due one hour after the previous group.
  const plan: { label: string; kind: SweepRun['kind']; workers: number }[] = [];
  for (const workers of options.workers) {
    plan.push({ label: 'sweepDueClocks', kind: 'sweep', workers });
  }
  for (const workers of options.workers) {
    plan.push({ label: 'baseline: claim + UPDATE', kind: 'baseline', workers });
  }
  if (plan.length > layout.groups) throw new Error(`layout: ${plan.length} runs need as many groups`);
  const unavailable = await withBenchDatabase(options.adminUrl, name, 4, log, async (opened) => {
    const { handle, url } = opened;
    const pool = handle.pool!;
    result.postgres = { available: true, note: opened.note };
    result.serverVersion = opened.serverVersion;
    log(`${engine}: migrating ${name}`);
    await migrateDatabase(handle);

    result.loads.push(await loadWorld(handle, layout, engine, log));
    result.checks.push(...(await checkLoad(handle.db, layout, engine)));
    warmUp();
    result.nodeCosts = nodeCosts(batchSize);

    // EXPLAIN of the due claim as the sweep issues it, with the first group due.
    const now0 = new Date(dueInstant(0));
    log(`${engine}: EXPLAIN (ANALYZE, BUFFERS) of the due claim`);
    const claim = await captureClaim(handle, now0, batchSize);
    result.explains.push(await explain(pool, CAPTURED, claim.text, claim.values));

    // Catch-up: every running clock due (a scheduler that was down for weeks).
    const late = new Date(T0 + 60 * DAY);
    if (claim.values[0] !== now0.toISOString())
      throw new Error(`captured claim: unexpected $1 ${claim.values[0]}`);
    const lateValues = claim.values.map((v) => (v === claim.values[0] ? late.toISOString() : v));
    log(`${engine}: EXPLAIN of the claim with every clock due (catch-up)`);
    result.catchUp.push(await explain(pool, CAPTURED, claim.text, lateValues));

    // Four transactions claim at the same moment.
    log(`${engine}: concurrent claims`);
    const contentionPool = new pg.Pool({ connectionString: url, max: 4 });
    try {
      result.contention.push(await contention(contentionPool, CAPTURED, claim.text, claim.values, 4));
    } finally {
      await contentionPool.end();
    }

    let sweeps = 0;
    for (const [group, step] of plan.entries()) {
      log(`${engine}: ${step.label}, ${step.workers} worker(s), group ${group}`);
      const instrument = step.kind === 'sweep' && step.workers === 1;
      const { run, breakdown } = await runSweepInThreads(url, handle.db, {
        engine,
        label: step.label,
        kind: step.kind,
        group,
        batchSize,
        workers: step.workers,
        instrument,
      });
      result.runs.push(run);
      if (instrument) {
        result.breakdowns.push({
          label: step.label,
          // The instrumented run has one worker: its thread's rows are the whole breakdown.
          rows: breakdown,
          wallMs: run.totalMs,
          batches: run.batches,
          events: run.events,
        });
      }
      if (step.kind === 'baseline') result.checks.push(...(await verifyBaseline(handle.db, layout, run)));
      else {
        sweeps++;
        result.checks.push(...(await verifyGroup(handle.db, layout, run)));
      }
    }
    result.checks.push(...(await verifyTotals(handle.db, layout, engine, sweeps, plan.length)));
    const hot = await queryRows<{ relname: string; upd: string | number; hot: string | number }>(
      handle.db,
      sql`select relname, n_tup_upd as upd, n_tup_hot_upd as hot from pg_stat_user_tables
          where relname in ('tickets', 'sla_clocks') order by relname`,
    );
    result.hotUpdates = hot.map((r) => ({ table: r.relname, updates: Number(r.upd), hot: Number(r.hot) }));
  });
  if (unavailable) {
    result.postgres = { available: false, note: `${unavailable}; not measured` };
    log(`PostgreSQL ${result.postgres.note}`);
  }
}

async function benchPglite(
  batchSize: number,
  result: SweepBenchResult,
  log: (line: string) => void,
): Promise<void> {
  const engine = 'PGlite';
  const layout: SweepLayout = { tickets: 5_000, due: 100, groups: 1 };
  const handle = fromPglite(await PGlite.create());
  try {
    log(`${engine}: migrating`);
    await migrateDatabase(handle);
    result.loads.push(await loadWorld(handle, layout, engine, log));
    result.checks.push(...(await checkLoad(handle.db, layout, engine)));
    const run = await runSweepInProcess([handle], {
      engine,
      label: 'sweepDueClocks',
      kind: 'sweep',
      group: 0,
      batchSize,
      sweep: sweepDueClocks,
    });
    result.runs.push(run);
    result.checks.push(...(await verifyGroup(handle.db, layout, run)));
    result.checks.push(...(await verifyTotals(handle.db, layout, engine, 1, 1)));
  } finally {
    await handle.close();
  }
}

// ---------------------------------------------------------------------------------------------------

export async function runSweepBench(options: SweepBenchOptions = {}): Promise<SweepBenchResult> {
  const log = options.log ?? ((line: string) => process.stderr.write(`… ${line}\n`));
  // 2 = this machine's cores, usually the best; 4 shows what oversubscribing them costs.
  const workers = options.workers ?? [1, 2, 4];
  const resolved = {
    // One group per run: the sweep and the baseline at each worker count.
    layout: options.layout ?? { tickets: 500_000, due: 10_000, groups: 2 * workers.length },
    batchSize: options.batchSize ?? 500,
    workers,
    adminUrl: adminUrlFrom(options.adminUrl),
  };
  const started = performance.now();
  const result: SweepBenchResult = {
    machine: machineDescription(),
    cores: os.cpus().length,
    loadAverage: os.loadavg(),
    freeMemoryGiB: os.freemem() / 1024 ** 3,
    serverVersion: null,
    postgres: { available: false, note: 'not tried' },
    layout: resolved.layout,
    batchSize: resolved.batchSize,
    loads: [],
    explains: [],
    catchUp: [],
    contention: [],
    breakdowns: [],
    nodeCosts: [],
    hotUpdates: [],
    runs: [],
    checks: [],
    durationMs: 0,
    ok: false,
  };
  await benchPostgres(resolved, result, log);
  if (options.pglite ?? true) await benchPglite(resolved.batchSize, result, log);
  result.durationMs = performance.now() - started;
  result.ok = result.checks.length > 0 && result.checks.every((c) => c.ok);
  return result;
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0));
const seconds = (msValue: number) => `${(msValue / 1000).toFixed(1)} s`;
const met = (ok: boolean) => (ok ? 'met' : 'NOT met');

export function printSweepBench(result: SweepBenchResult): void {
  const { layout } = result;
  console.log('SLA sweep (issue #4): due clocks among 1,000,000 running, applied by sweepDueClocks');
  console.log(`machine: ${result.machine}`);
  console.log(
    `load average at start: ${result.loadAverage.map((l) => l.toFixed(2)).join(' / ')} (1/5/15 min) on ` +
      `${result.cores} cores · ${result.freeMemoryGiB.toFixed(1)} GiB free` +
      ((result.loadAverage[0] ?? 0) > result.cores / 2
        ? ' (busy: other work competes with the benchmark, figures are lower and noisier)'
        : ''),
  );
  if (result.serverVersion) console.log(`server: PostgreSQL ${result.serverVersion}`);
  console.log(`PostgreSQL: ${result.postgres.note}`);
  console.log(
    `layout: ${count(layout.tickets)} outage tickets × 2 running clocks; groups of ${count(layout.due)} ` +
      `response clocks (warned 75/90) breach at T0+4h, +5h, …; every other clock is next checked ≥ 1.5 days ` +
      `later · batch ${result.batchSize} tickets · breach latency = batch commit − sweep start (= due instant)\n`,
  );

  console.log('Load (set-based INSERT … SELECT generate_series, then VACUUM ANALYZE)\n');
  console.log(
    table(
      [
        'engine',
        'tickets',
        'clocks',
        'created events',
        'tickets',
        'events',
        'clocks',
        'vacuum',
        'total',
        'db size',
      ],
      result.loads.map((l) => [
        l.engine,
        count(l.tickets),
        count(l.clocks),
        count(l.createdEvents),
        seconds(l.ticketsMs),
        seconds(l.eventsMs),
        seconds(l.clocksMs),
        seconds(l.vacuumMs),
        seconds(l.totalMs),
        l.databaseBytes === null ? '-' : `${(l.databaseBytes / 1024 ** 2).toFixed(0)} MiB`,
      ]),
    ),
  );

  for (const e of result.explains) {
    console.log(`\nEXPLAIN (ANALYZE, BUFFERS) — ${e.label}, ${count(layout.due)} due:`);
    console.log(e.sql.replace(/\s+/g, ' ').trim());
    console.log(e.plan.map((line) => `  ${line}`).join('\n'));
  }
  if (result.catchUp.length) {
    console.log(`\nCatch-up: the same claim when every running clock is due (scheduler down for weeks):\n`);
    console.log(
      table(
        ['claim', 'execution ms', 'sla_clocks scan'],
        result.catchUp.map((e) => [e.label, ms(e.executionMs), e.scanLine]),
      ),
    );
    for (const e of result.catchUp) {
      console.log(`\n${e.label}, every clock due:`);
      console.log(e.plan.map((line) => `  ${line}`).join('\n'));
    }
  }
  if (result.contention.length) {
    console.log(
      `\nFour transactions run the claim at the same moment (${count(layout.due)} due, batch ${result.batchSize}):\n`,
    );
    console.log(
      table(
        ['claim', 'tickets claimed per worker', 'distinct', 'ms'],
        result.contention.map((c) => [c.label, c.rowsPerWorker.join(' / '), count(c.distinct), ms(c.ms)]),
      ),
    );
  }

  console.log(
    '\nRuns (each starts with exactly the due clocks shown; each worker is a thread with a connection of its own)\n',
  );
  console.log(
    table(
      [
        'engine',
        'run',
        'workers',
        'due',
        'events',
        'batches',
        'empty',
        'idle',
        'applied in',
        'events/s',
        'p50 ms',
        'p99 ms',
        'max ms',
        'node µs/ev',
        'PG µs/ev',
        'machine CPU',
      ],
      result.runs.map((r) => [
        r.engine,
        r.label,
        String(r.workers),
        count(r.due),
        count(r.events),
        String(r.batches),
        String(r.emptyClaims),
        String(r.idleBatches),
        `${ms(r.wallMs)} ms`,
        count(r.eventsPerSec),
        ms(r.latency.p50Ms),
        ms(r.latency.p99Ms),
        ms(r.latency.maxMs),
        count(r.nodeCpuUsPerEvent),
        r.pgCpuUsPerEvent === null ? '-' : count(r.pgCpuUsPerEvent),
        `${r.machineBusyPercent.toFixed(0)}%`,
      ]),
    ),
  );
  console.log(
    'empty = claims that got nothing while clocks were still due; idle = batches that claimed tickets but fired nothing',
  );
  const pgRuns = result.runs.filter((r) => r.engine === 'PostgreSQL');
  // The sweep is CPU-bound: its CPU per event, spread over every core, is a floor under the time to apply
  // a burst, however the work is scheduled.
  for (const r of pgRuns.filter((run) => run.kind === 'sweep' && run.pgCpuUsPerEvent !== null)) {
    const perEvent = r.nodeCpuUsPerEvent + r.pgCpuUsPerEvent!;
    console.log(
      `${r.workers} worker(s): ${count(perEvent)} µs of CPU per event (Node + PostgreSQL) → ` +
        `${count(r.due)} events need ≥ ${ms((r.due * perEvent) / 1000 / result.cores)} ms on ${result.cores} cores`,
    );
  }
  const find = (kind: SweepRun['kind'], workers: number) =>
    pgRuns.find((r) => r.kind === kind && r.workers === workers);
  const ratios: string[][] = [];
  for (const workers of [...new Set(pgRuns.map((r) => r.workers))]) {
    const sweep = find('sweep', workers);
    const base = find('baseline', workers);
    if (sweep && base)
      ratios.push([`${workers} worker(s)`, (sweep.eventsPerSec / base.eventsPerSec).toFixed(2)]);
  }
  if (ratios.length) {
    console.log('');
    console.log(table(['PostgreSQL', 'sweep / baseline events/s'], ratios));
  }

  if (result.breakdowns.length) {
    const runs = result.breakdowns;
    console.log(
      `\nWhere a batch's time goes, 1 worker: round trips timed at the driver, ms per batch (${runs
        .map((b) => `${b.label}: ${b.batches} batches`)
        .join('; ')})\n`,
    );
    const classes = [...new Set(runs.flatMap((b) => b.rows.map((r) => r.what)))];
    const cell = (b: (typeof runs)[number], what: string) => {
      const r = b.rows.find((x) => x.what === what);
      return r ? `${ms(r.totalMs / b.batches)} (${(r.statements / b.batches).toFixed(0)})` : '-';
    };
    const rows = classes.map((what) => [what, ...runs.map((b) => cell(b, what))]);
    rows.push([
      'Node between statements (machines, hashing, building SQL)',
      ...runs.map((b) => ms((b.wallMs - b.rows.reduce((t, r) => t + r.totalMs, 0)) / b.batches)),
    ]);
    rows.push(['whole batch', ...runs.map((b) => ms(b.wallMs / b.batches))]);
    console.log(table(['statement (count per batch)', ...runs.map((b) => b.label)], rows));
  }
  if (result.hotUpdates.length) {
    console.log(
      `\nRow updates during the PostgreSQL runs: ${result.hotUpdates
        .map((h) => `${h.table} ${count(h.updates)}, of which HOT ${count(h.hot)}`)
        .join('; ')} (a non-HOT update writes a new entry in every index of the table)`,
    );
  }
  if (result.nodeCosts.length) {
    console.log(`\nNode CPU for one batch of ${result.batchSize} breaches, measured apart (median of 9)\n`);
    console.log(
      table(
        ['part', 'ms / batch', 'µs / clock'],
        result.nodeCosts.map((c) => [c.what, ms(c.ms), ms((c.ms * 1000) / result.batchSize)]),
      ),
    );
  }

  const sweep1 = find('sweep', 1);
  const best = pgRuns
    .filter((r) => r.kind === 'sweep')
    .reduce<SweepRun | undefined>((b, r) => (!b || r.eventsPerSec > b.eventsPerSec ? r : b), undefined);
  const claimExplain = result.explains.find((e) => e.label === CAPTURED);
  const targetRows: string[][] = [];
  if (best) {
    targetRows.push(
      [
        `≥ ${count(TARGET_EVENTS_PER_SEC)} events/s (sweepDueClocks, best of ${pgRuns
          .filter((r) => r.kind === 'sweep')
          .map((r) => r.workers)
          .join('/')} workers)`,
        `${count(best.eventsPerSec)}/s at ${best.workers} worker(s)`,
        met(best.eventsPerSec >= TARGET_EVENTS_PER_SEC),
      ],
      [
        `breach p99 ≤ ${count(TARGET_P99_MS)} ms after due (same run)`,
        `${ms(best.latency.p99Ms)} ms`,
        met(best.latency.p99Ms <= TARGET_P99_MS),
      ],
    );
    if (sweep1 && sweep1 !== best) {
      targetRows.push([
        '… with 1 worker',
        `${count(sweep1.eventsPerSec)}/s, p99 ${ms(sweep1.latency.p99Ms)} ms`,
        met(sweep1.eventsPerSec >= TARGET_EVENTS_PER_SEC && sweep1.latency.p99Ms <= TARGET_P99_MS),
      ]);
    }
  }
  if (claimExplain) {
    targetRows.push([
      `${claimExplain.label}: scans ${NEXT_CHECK_INDEX}`,
      claimExplain.scanLine.replace(/\s*\(cost=.*$/, '').replace(/^->\s*/, ''),
      met(claimExplain.usesIndex),
    ]);
  }
  if (targetRows.length) {
    console.log('');
    console.log(table(['target', 'measured', 'result'], targetRows));
  }
  console.log('');
  console.log(
    table(
      ['check', 'result', 'detail'],
      result.checks.map((c) => [c.what, c.ok ? 'ok' : 'FAILED', c.detail]),
    ),
  );
  console.log(`\nbench:sla sweep took ${seconds(result.durationMs)}`);
}

runWhenMain(import.meta.url, {
  name: 'bench:sla sweep',
  run: () => runSweepBench(),
  print: printSweepBench,
  wrongResult: 'the sweep left a wrong result behind (see the checks above).',
});

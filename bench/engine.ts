// Benchmark: the lifecycle engine (issue #3), pure and through the service.
//
//   npx tsx bench/engine.ts        (npm run bench:engine)
//
// Pure: stepLifecycle over full outage cycles (ACK → INVESTIGATE → IDENTIFY → FIX → RESOLVE → CLOSE),
// with the JSON round-trip of the persisted snapshot the server does through jsonb, per step and overall,
// against a raw XState `transition()` on an in-memory snapshot measured in the same run; plus a breakdown
// of where stepLifecycle spends its time.
//
// Service: transitionTicket (lock → authorise → stepLifecycle → UPDATE → hash-chained event → NOTIFY, one
// transaction) on in-memory PGlite and on PostgreSQL with a pool of 20, each against a trivial
// transaction (BEGIN; UPDATE one row; COMMIT) at the same concurrency. PostgreSQL is reached through
// BENCH_DATABASE_URL, DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres; the benchmark works in
// a database of its own (wf_bench_<pid>) which it drops at the end. Without PostgreSQL it says so and
// measures PGlite only.
//
// It reports speed against the target (≥ 1,000 service transitions/s on PostgreSQL) and fails (exit 1)
// only when something errors or the result is wrong: an audit chain that does not verify, or a ticket
// that did not end closed.

import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import { eq, inArray, sql } from 'drizzle-orm';
import {
  type AnyMachineSnapshot,
  type EventObject,
  getNextTransitions,
  initialTransition,
  transition,
} from 'xstate';
import { type Database, type DatabaseHandle, fromPglite } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { organisations, services, ticketEvents, tickets, users } from '../db/schema';
import { queryRows } from '../db/sql';
import { verifyAuditChains } from '../server/services/audit/verify';
import { type Actor, type ServiceContext, systemClock } from '../server/services/kernel/context';
import { createTicket } from '../server/services/tickets/create';
import type { LifecycleEventInput } from '../server/services/tickets/schemas';
import { transitionTicket } from '../server/services/tickets/transition';
import {
  type LifecycleEvent,
  type PersistedLifecycle,
  startLifecycle,
  stepLifecycle,
} from '../workflows/machines';
import { migrateLifecycle } from '../workflows/machines/migrate';
import { outageMachine } from '../workflows/machines/outage';
import { pureTransition } from '../workflows/machines/pure-transition';
import { persistSnapshot, restoreSnapshot } from '../workflows/machines/registry';
import {
  cpuMeter,
  type LatencySummary,
  machineDescription,
  measure,
  runConcurrently,
  runWhenMain,
  summarizeLatencies,
  table,
} from './lib/measure';
import {
  adminUrlFrom,
  backendCpuMs,
  backendPids,
  serverVersion,
  withBenchDatabase,
  withQueryHook,
} from './lib/postgres';

const TARGET_TPS = 1_000;
const CYCLE = ['ACK', 'INVESTIGATE', 'IDENTIFY', 'FIX', 'RESOLVE', 'CLOSE'] as const;
/** The payloads the cycle's events need (RESOLVE says what fixed the outage, and why it broke). */
const PAYLOAD: Partial<Record<(typeof CYCLE)[number], Record<string, string>>> = {
  RESOLVE: { resolutionSummary: 'Replaced the failed optic on the uplink.', causeCategory: 'hardware' },
};
const STEPS = CYCLE.length;
const NOC_EMAIL = 'noc@watchfloor.test';

// ---------------------------------------------------------------------------------------------------
// Result types

export interface StepStats {
  name: string;
  calls: number;
  opsPerSec: number;
  meanUs: number;
  p50Us: number;
  p99Us: number;
}

export interface PureResult {
  cycles: number;
  steps: StepStats[];
  overall: StepStats;
  rawTransition: StepStats;
  jsonRoundTrip: StepStats;
  /** stepLifecycle + round-trip cost per step ÷ raw transition() cost per step. */
  ratioToRaw: number;
  breakdown: { name: string; us: number }[];
}

export interface ServiceRun {
  engine: string;
  concurrency: number;
  poolSize: number | null;
  transitions: number;
  tps: number;
  latency: LatencySummary;
  baselineTps: number;
  baselineLatency: LatencySummary;
  /** Node CPU per transition (µs) and machine CPU busy (% of all cores) during the service run. */
  nodeCpuUsPerOp: number;
  /** PostgreSQL backend CPU per transition, when the server runs on this machine (read from /proc). */
  serverCpuUsPerOp: number | null;
  machineBusyPercent: number;
}

export interface EngineCheck {
  engine: string;
  what: string;
  ok: boolean;
  detail: string;
}

export interface EngineBenchResult {
  machine: string;
  /** 1-minute load average when the run started: other work on the machine skews every figure. */
  loadAverage: number;
  serverVersions: Record<string, string>;
  pure: PureResult;
  service: ServiceRun[];
  creates: { engine: string; tickets: number; perSec: number }[];
  postgres: { available: boolean; note: string };
  statementsPerTransition: number | null;
  checks: EngineCheck[];
  durationMs: number;
  ok: boolean;
}

export interface EngineBenchOptions {
  /** Pure cycles measured (after a warm-up of a quarter as many). */
  pureCycles?: number;
  /** Service transitions measured per run; rounded up to whole cycles. */
  postgresTransitions?: number;
  pgliteTransitions?: number;
  postgresConcurrency?: number;
  postgresPoolSize?: number;
  pgliteConcurrency?: readonly number[];
  adminUrl?: string;
  /** Progress lines (to stderr by default). */
  log?: (line: string) => void;
}

// ---------------------------------------------------------------------------------------------------
// Pure: the machine without a database

const asRole = (type: (typeof CYCLE)[number]): LifecycleEvent =>
  ({ type, ...PAYLOAD[type], actorRole: 'noc_engineer' }) as unknown as LifecycleEvent;
const roundTrip = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function stats(name: string, samplesMs: readonly number[], wallMs?: number): StepStats {
  const s = summarizeLatencies(samplesMs);
  const totalMs = wallMs ?? s.meanMs * s.count;
  return {
    name,
    calls: s.count,
    opsPerSec: s.count / (totalMs / 1000),
    meanUs: s.meanMs * 1000,
    p50Us: s.p50Ms * 1000,
    p99Us: s.p99Ms * 1000,
  };
}

// A copy of the comparison stepLifecycle does to decide "changed" (not exported there).
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function runPureBench(cycles = 2_000): PureResult {
  const events = CYCLE.map(asRole);

  // stepLifecycle as the server uses it: persisted JSON in, persisted JSON out (the jsonb round-trip).
  const lifecycleCycle = (samples: number[][] | null) => {
    let persisted = roundTrip(startLifecycle('outage').persisted);
    for (let k = 0; k < STEPS; k++) {
      const t0 = performance.now();
      const step = stepLifecycle(persisted, events[k]!);
      if (!step.ok) throw new Error(`pure: ${CYCLE[k]} refused: ${step.message}`);
      persisted = roundTrip(step.view.persisted);
      if (samples) samples[k]!.push(performance.now() - t0);
    }
    return persisted;
  };
  // The same cycle through XState alone: an in-memory snapshot, no restore, no persistence.
  const rawCycle = (samples: number[] | null) => {
    let [snapshot] = initialTransition(outageMachine);
    for (let k = 0; k < STEPS; k++) {
      const t0 = performance.now();
      [snapshot] = transition(outageMachine, snapshot, events[k] as EventObject as never);
      if (samples) samples.push(performance.now() - t0);
    }
    return snapshot;
  };

  const warmUp = Math.max(50, Math.floor(cycles / 4));
  for (let c = 0; c < warmUp; c++) {
    lifecycleCycle(null);
    rawCycle(null);
  }

  const perStep = CYCLE.map(() => [] as number[]);
  const t0 = performance.now();
  let last: PersistedLifecycle | undefined;
  for (let c = 0; c < cycles; c++) last = lifecycleCycle(perStep);
  const lifecycleWallMs = performance.now() - t0;
  const finalStatus = (last?.snapshot as { value?: { lifecycle?: unknown } } | undefined)?.value?.lifecycle;
  if (finalStatus !== 'closed') throw new Error(`pure: cycle ended in ${JSON.stringify(finalStatus)}`);

  const rawSamples: number[] = [];
  const t1 = performance.now();
  for (let c = 0; c < cycles; c++) {
    const end = rawCycle(rawSamples);
    const value = end.value as { lifecycle?: unknown };
    if (value.lifecycle !== 'closed') throw new Error('pure: raw cycle did not reach closed');
  }
  const rawWallMs = performance.now() - t1;

  // Inputs for the breakdown: the persisted state before each step, restored, and the state after it.
  const before: PersistedLifecycle[] = [];
  let p = roundTrip(startLifecycle('outage').persisted);
  for (let k = 0; k < STEPS; k++) {
    before.push(p);
    const step = stepLifecycle(p, events[k]!);
    if (!step.ok) throw new Error(step.message);
    p = roundTrip(step.view.persisted);
  }
  const restored = before.map((b) => restoreSnapshot(outageMachine, migrateLifecycle(b).snapshot));
  const after = restored.map(
    (s, k) => transition(outageMachine, s, events[k] as never)[0] as AnyMachineSnapshot,
  );
  const persistedAfter = after.map((s) => persistSnapshot(outageMachine, s));

  const jsonSamples: number[] = [];
  for (let i = 0; i < cycles * STEPS; i++) {
    const t = performance.now();
    roundTrip(before[i % STEPS]);
    jsonSamples.push(performance.now() - t);
  }

  const calls = 60_000;
  const per = (run: (k: number) => number) => measure(calls, (i) => run(i % STEPS), 6_000).p50Ns / 1000;
  const breakdown = [
    {
      name: 'restore (migrate + resolveState)',
      us: per((k) => (restoreSnapshot(outageMachine, migrateLifecycle(before[k]!).snapshot) ? 1 : 0)),
    },
    {
      name: 'getNextTransitions (candidates)',
      us: per((k) => getNextTransitions(restored[k]!).filter((t) => t.eventType === CYCLE[k]).length),
    },
    {
      name: 'getTransitionData (guard check)',
      us: per((k) => outageMachine.getTransitionData(restored[k]!, events[k] as never).length),
    },
    {
      name: 'pureTransition (what stepLifecycle runs)',
      us: per((k) => (pureTransition(outageMachine, restored[k]!, events[k] as never) ? 1 : 0)),
    },
    {
      name: '  xstate transition() instead (an actor per call)',
      us: per((k) => (transition(outageMachine, restored[k]!, events[k] as never)[0] ? 1 : 0)),
    },
    {
      name: 'persist new (getPersistedSnapshot + JSON)',
      us: per((k) => (persistSnapshot(outageMachine, after[k]!) ? 1 : 0)),
    },
    {
      name: '"changed" (only when asked): persist old + 2× stableJson',
      us: per((k) =>
        stableJson(persistedAfter[k]) !== stableJson(persistSnapshot(outageMachine, restored[k]!)) ? 1 : 0,
      ),
    },
    { name: 'jsonb round-trip (JSON parse+stringify)', us: per((k) => (roundTrip(before[k]) ? 1 : 0)) },
  ];

  const steps = CYCLE.map((name, k) => stats(name, perStep[k]!));
  const overall = stats('full cycle, per step', perStep.flat(), lifecycleWallMs);
  const rawTransition = stats('baseline: raw xstate transition()', rawSamples, rawWallMs);
  const jsonRoundTrip = stats('baseline: JSON round-trip of snapshot', jsonSamples);
  return {
    cycles,
    steps,
    overall,
    rawTransition,
    jsonRoundTrip,
    ratioToRaw: rawTransition.opsPerSec / overall.opsPerSec,
    breakdown,
  };
}

// ---------------------------------------------------------------------------------------------------
// Service: transitionTicket on a real database

interface World {
  handle: DatabaseHandle;
  ctx: ServiceContext;
  organisationId: string;
  serviceId: string;
}

async function prepareWorld(handle: DatabaseHandle): Promise<World> {
  await migrateDatabase(handle);
  // Seeding hashes the demo password; a low bcrypt cost keeps setup quick (read when password.ts loads).
  process.env.WATCHFLOOR_BCRYPT_COST ??= '4';
  const { seedIfEmpty } = await import('../server/services/seed/seed');
  await seedIfEmpty(handle.db, { demo: true, now: systemClock });
  const [user] = await handle.db.select().from(users).where(eq(users.email, NOC_EMAIL));
  if (!user) throw new Error(`the seed has no ${NOC_EMAIL}`);
  const actor: Actor = {
    type: 'user',
    id: user.id,
    email: user.email,
    role: user.role,
    organisationId: user.organisationId,
  };
  const [org] = await handle.db.select().from(organisations).where(eq(organisations.kind, 'customer'));
  if (!org) throw new Error('the seed has no customer organisation');
  const [service] = await handle.db.select().from(services).where(eq(services.organisationId, org.id));
  if (!service) throw new Error('the seed has no service for the customer');
  await handle.db.execute(sql`create table bench_counter (id integer primary key, n bigint not null)`);
  await handle.db.execute(
    sql`insert into bench_counter (id, n) select g, 0 from generate_series(0, 255) as g`,
  );
  return {
    handle,
    ctx: { db: handle.db, actor, now: systemClock },
    organisationId: org.id,
    serviceId: service.id,
  };
}

async function createTickets(world: World, count: number, concurrency: number): Promise<string[]> {
  const ids: string[] = [];
  await runConcurrently(
    Array.from({ length: count }, (_, i) => i),
    concurrency,
    async (i) => {
      const created = await createTicket(world.ctx, {
        title: `Bench outage ${i + 1}`,
        description: 'Synthetic ticket driven through a full lifecycle by bench/engine.ts',
        organisationId: world.organisationId,
        serviceIds: [world.serviceId],
        impact: 'medium',
        urgency: 'high',
      });
      ids.push(created.id);
    },
  );
  return ids;
}

/** Drives each ticket through the full cycle; tickets run concurrently, a ticket's steps in order. */
async function driveCycles(
  ctx: ServiceContext,
  ticketIds: readonly string[],
  concurrency: number,
  samples: number[] | null,
): Promise<number> {
  const t0 = performance.now();
  await runConcurrently(ticketIds, concurrency, async (id) => {
    let version: number | undefined;
    for (const type of CYCLE) {
      const started = performance.now();
      const event = { type, ...PAYLOAD[type] } as LifecycleEventInput;
      const result = await transitionTicket(ctx, { id, event, version });
      if (samples) samples.push(performance.now() - started);
      version = result.version;
    }
  });
  return performance.now() - t0;
}

/** BEGIN; UPDATE one row (one per worker, so workers never wait on each other's lock); COMMIT. */
async function trivialTransactions(
  db: Database,
  count: number,
  concurrency: number,
  samples: number[] | null,
): Promise<number> {
  const t0 = performance.now();
  await runConcurrently(
    Array.from({ length: count }, (_, i) => i),
    concurrency,
    async (_, worker) => {
      const started = performance.now();
      await db.transaction(async (tx) => {
        await tx.execute(sql`update bench_counter set n = n + 1 where id = ${worker}`);
      });
      if (samples) samples.push(performance.now() - started);
    },
  );
  return performance.now() - t0;
}

async function measureService(
  world: World,
  engine: string,
  concurrency: number,
  transitions: number,
  poolSize: number | null,
  ticketIds: string[],
  serverCpuMs: () => Promise<number | null> = async () => null,
): Promise<ServiceRun> {
  const ticketsNeeded = Math.ceil(transitions / STEPS);
  const mine = ticketIds.splice(0, ticketsNeeded);
  if (mine.length < ticketsNeeded) throw new Error('not enough tickets prepared');

  const baselineSamples: number[] = [];
  const baselineMs = await trivialTransactions(
    world.handle.db,
    ticketsNeeded * STEPS,
    concurrency,
    baselineSamples,
  );

  const samples: number[] = [];
  const server0 = await serverCpuMs();
  const stop = cpuMeter();
  const wallMs = await driveCycles(world.ctx, mine, concurrency, samples);
  const cpu = stop();
  const server1 = await serverCpuMs();
  return {
    engine,
    concurrency,
    poolSize,
    transitions: samples.length,
    tps: samples.length / (wallMs / 1000),
    latency: summarizeLatencies(samples),
    baselineTps: baselineSamples.length / (baselineMs / 1000),
    baselineLatency: summarizeLatencies(baselineSamples),
    nodeCpuUsPerOp: (cpu.processCpuMs * 1000) / samples.length,
    serverCpuUsPerOp:
      server0 !== null && server1 !== null ? ((server1 - server0) * 1000) / samples.length : null,
    machineBusyPercent: cpu.machineBusyPercent,
  };
}

async function checkWorld(
  world: World,
  engine: string,
  ticketIds: readonly string[],
): Promise<EngineCheck[]> {
  const checks: EngineCheck[] = [];
  const verified = await verifyAuditChains(world.handle.db);
  checks.push({
    engine,
    what: 'audit chains verify',
    ok: verified.firstBreak === null,
    detail: verified.firstBreak
      ? `${verified.firstBreak.ticket} #${verified.firstBreak.seq}: ${verified.firstBreak.reason}`
      : `${verified.ticketsChecked} tickets, ${verified.eventsChecked} events`,
  });
  const statuses = await world.handle.db
    .select({ id: tickets.id, status: tickets.status })
    .from(tickets)
    .where(inArray(tickets.id, [...ticketIds]));
  const notClosed = statuses.filter((t) => t.status !== 'closed');
  const missing = ticketIds.length - statuses.length;
  checks.push({
    engine,
    what: 'every bench ticket closed',
    ok: notClosed.length === 0 && missing === 0,
    detail:
      notClosed.length || missing
        ? `${notClosed.length} not closed (e.g. ${notClosed[0]?.status ?? '-'}), ${missing} missing`
        : `${statuses.length} closed`,
  });
  const [events] = await queryRows<{ n: string | number }>(
    world.handle.db,
    sql`select count(*) as n from ${ticketEvents} where ${ticketEvents.type} = 'ticket.transitioned'
        and ${inArray(ticketEvents.ticketId, [...ticketIds])}`,
  );
  const expected = ticketIds.length * STEPS;
  checks.push({
    engine,
    what: 'one audit event per transition',
    ok: Number(events?.n) === expected,
    detail: `${Number(events?.n)} of ${expected}`,
  });
  return checks;
}

/** Statements sent per service transition, counted at the pg driver over one full cycle. */
async function countStatements(world: World, ticketId: string): Promise<number> {
  let statements = 0;
  await withQueryHook(
    () => statements++,
    () => driveCycles(world.ctx, [ticketId], 1, null),
  );
  return statements / STEPS;
}

async function benchPglite(
  options: Required<Omit<EngineBenchOptions, 'adminUrl' | 'log'>>,
  result: EngineBenchResult,
  log: (line: string) => void,
): Promise<void> {
  const engine = 'PGlite (in memory)';
  const handle = fromPglite(await PGlite.create());
  try {
    log(`${engine}: migrating and seeding`);
    const world = await prepareWorld(handle);
    result.serverVersions.PGlite = await serverVersion(handle.db);
    const perRun = Math.ceil(options.pgliteTransitions / STEPS);
    const warmUpTickets = Math.max(20, Math.ceil(perRun / 5));
    const total = warmUpTickets + perRun * options.pgliteConcurrency.length;
    log(`${engine}: creating ${total} tickets`);
    const t0 = performance.now();
    const ids = await createTickets(world, total, 1);
    result.creates.push({ engine, tickets: total, perSec: total / ((performance.now() - t0) / 1000) });
    const all = [...ids];

    log(`${engine}: warm-up`);
    await driveCycles(world.ctx, ids.splice(0, warmUpTickets), 4, null);
    await trivialTransactions(handle.db, 200, 4, null);
    for (const concurrency of options.pgliteConcurrency) {
      log(`${engine}: ${perRun * STEPS} transitions at concurrency ${concurrency}`);
      result.service.push(
        await measureService(world, engine, concurrency, options.pgliteTransitions, null, ids),
      );
    }
    log(`${engine}: verifying`);
    result.checks.push(...(await checkWorld(world, engine, all)));
  } finally {
    await handle.close();
  }
}

async function benchPostgres(
  options: Required<Omit<EngineBenchOptions, 'log'>>,
  result: EngineBenchResult,
  log: (line: string) => void,
): Promise<void> {
  const engine = `PostgreSQL (pool ${options.postgresPoolSize})`;
  const adminUrl = options.adminUrl;
  const name = `wf_bench_${process.pid}`;

  const unavailable = await withBenchDatabase(
    adminUrl,
    name,
    options.postgresPoolSize,
    log,
    async (opened) => {
      result.postgres = { available: true, note: opened.note };
      result.serverVersions.PostgreSQL = opened.serverVersion;
      log(`${engine}: migrating and seeding ${name}`);
      const world = await prepareWorld(opened.handle);
      const concurrencyLevels = [1, options.postgresConcurrency];
      const transitionsAt = (c: number) =>
        c === 1 ? Math.ceil(options.postgresTransitions / 5) : options.postgresTransitions;
      const warmUpTickets = Math.max(40, Math.ceil(options.postgresTransitions / STEPS / 5));
      const needed =
        warmUpTickets + 1 + concurrencyLevels.reduce((n, c) => n + Math.ceil(transitionsAt(c) / STEPS), 0);
      log(`${engine}: creating ${needed} tickets`);
      const t0 = performance.now();
      const ids = await createTickets(world, needed, options.postgresConcurrency);
      result.creates.push({ engine, tickets: needed, perSec: needed / ((performance.now() - t0) / 1000) });
      const all = [...ids];

      log(`${engine}: warm-up`);
      await driveCycles(world.ctx, ids.splice(0, warmUpTickets), options.postgresConcurrency, null);
      await trivialTransactions(opened.handle.db, 600, options.postgresConcurrency, null);
      result.statementsPerTransition = await countStatements(world, ids.shift()!);

      for (const concurrency of concurrencyLevels) {
        log(`${engine}: ${transitionsAt(concurrency)} transitions at concurrency ${concurrency}`);
        result.service.push(
          await measureService(
            world,
            engine,
            concurrency,
            transitionsAt(concurrency),
            options.postgresPoolSize,
            ids,
            async () => backendCpuMs(await backendPids(world.handle.db)),
          ),
        );
      }
      log(`${engine}: verifying`);
      result.checks.push(...(await checkWorld(world, engine, all)));
    },
  );
  if (unavailable) {
    result.postgres = { available: false, note: `${unavailable}; measured PGlite only` };
    log(`PostgreSQL ${result.postgres.note}`);
  }
}

// ---------------------------------------------------------------------------------------------------

export async function runEngineBench(options: EngineBenchOptions = {}): Promise<EngineBenchResult> {
  const log = options.log ?? ((line: string) => process.stderr.write(`… ${line}\n`));
  const resolved = {
    pureCycles: options.pureCycles ?? 2_000,
    postgresTransitions: options.postgresTransitions ?? 3_000,
    pgliteTransitions: options.pgliteTransitions ?? 1_500,
    postgresConcurrency: options.postgresConcurrency ?? 16,
    postgresPoolSize: options.postgresPoolSize ?? 20,
    pgliteConcurrency: options.pgliteConcurrency ?? [1, 8],
    adminUrl: adminUrlFrom(options.adminUrl),
  };
  const started = performance.now();
  log(`pure: ${resolved.pureCycles} outage cycles`);
  const result: EngineBenchResult = {
    machine: machineDescription(),
    loadAverage: os.loadavg()[0] ?? Number.NaN,
    serverVersions: {},
    pure: runPureBench(resolved.pureCycles),
    service: [],
    creates: [],
    postgres: { available: false, note: 'not tried' },
    statementsPerTransition: null,
    checks: [],
    durationMs: 0,
    ok: false,
  };
  await benchPglite(resolved, result, log);
  await benchPostgres(resolved, result, log);
  result.durationMs = performance.now() - started;
  result.ok = result.checks.length > 0 && result.checks.every((c) => c.ok);
  return result;
}

const us = (n: number) => (n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0));
const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));
const count = (n: number) => Math.round(n).toLocaleString('en-US');

export function printEngineBench(result: EngineBenchResult): void {
  const versions = Object.entries(result.serverVersions)
    .map(([engine, v]) => `${engine} ${v}`)
    .join(' · ');
  console.log(`Lifecycle engine (issue #3)`);
  console.log(`machine: ${result.machine}`);
  console.log(
    `load average at start: ${result.loadAverage.toFixed(2)} on ${os.cpus().length} cores` +
      (result.loadAverage > os.cpus().length / 2
        ? ' (busy: other work competes with the benchmark, figures are lower and noisier)'
        : ''),
  );
  if (versions) console.log(`servers: ${versions}`);
  console.log(`PostgreSQL: ${result.postgres.note}\n`);

  const pure = result.pure;
  console.log(
    `Pure: stepLifecycle + jsonb-style JSON round-trip, outage cycle of ${STEPS} steps × ${count(pure.cycles)} cycles\n`,
  );
  const pureRow = (s: StepStats, ratio: string) => [
    s.name,
    count(s.calls),
    count(s.opsPerSec),
    us(s.meanUs),
    us(s.p50Us),
    us(s.p99Us),
    ratio,
  ];
  console.log(
    table(
      ['step', 'calls', 'ops/s', 'mean µs', 'p50 µs', 'p99 µs', 'vs raw'],
      [
        ...pure.steps.map((s) => pureRow(s, '')),
        pureRow(pure.overall, `${pure.ratioToRaw.toFixed(1)}×`),
        pureRow(pure.rawTransition, '1.0×'),
        pureRow(pure.jsonRoundTrip, `${(pure.jsonRoundTrip.meanUs / pure.rawTransition.meanUs).toFixed(2)}×`),
      ],
    ),
  );
  console.log('\nwhere a stepLifecycle call goes (median of batched means, per call, µs):\n');
  console.log(
    table(
      ['part', 'µs'],
      pure.breakdown.map((b) => [b.name, us(b.us)]),
    ),
  );

  console.log('\nService: transitionTicket (one transaction: lock, step, UPDATE, audit event, NOTIFY)');
  console.log('baseline: BEGIN; UPDATE one row; COMMIT through the same Drizzle driver and concurrency\n');
  console.log(
    table(
      [
        'engine',
        'conc.',
        'transitions',
        'trans/s',
        'p50 ms',
        'p99 ms',
        'max ms',
        'base tx/s',
        'base p50',
        'base p99',
        'svc/base',
        'node CPU µs/op',
        'PG CPU µs/op',
        'machine CPU',
      ],
      result.service.map((r) => [
        r.engine,
        String(r.concurrency),
        count(r.transitions),
        count(r.tps),
        ms(r.latency.p50Ms),
        ms(r.latency.p99Ms),
        ms(r.latency.maxMs),
        count(r.baselineTps),
        ms(r.baselineLatency.p50Ms),
        ms(r.baselineLatency.p99Ms),
        `${(r.tps / r.baselineTps).toFixed(2)}`,
        count(r.nodeCpuUsPerOp),
        r.serverCpuUsPerOp === null ? '-' : count(r.serverCpuUsPerOp),
        `${r.machineBusyPercent.toFixed(0)}%`,
      ]),
    ),
  );
  console.log('');
  for (const c of result.creates) {
    console.log(`setup: createTicket ${count(c.tickets)} tickets on ${c.engine}: ${count(c.perSec)}/s`);
  }
  if (result.statementsPerTransition !== null) {
    console.log(
      `statements per service transition (PostgreSQL, counted at the driver, incl. BEGIN/COMMIT): ${result.statementsPerTransition.toFixed(1)}`,
    );
  }

  const pgRuns = result.service.filter((r) => r.engine.startsWith('PostgreSQL'));
  const best = pgRuns.reduce<ServiceRun | undefined>((b, r) => (!b || r.tps > b.tps ? r : b), undefined);
  console.log('');
  console.log(
    table(
      ['target', 'measured', 'result'],
      [
        [
          `≥ ${count(TARGET_TPS)} service transitions/s on PostgreSQL`,
          best ? `${count(best.tps)}/s at concurrency ${best.concurrency}` : 'PostgreSQL not available',
          best ? (best.tps >= TARGET_TPS ? 'met' : 'NOT met') : 'not measured',
        ],
      ],
    ),
  );
  console.log('');
  console.log(
    table(
      ['check', 'engine', 'result', 'detail'],
      result.checks.map((c) => [c.what, c.engine, c.ok ? 'ok' : 'FAILED', c.detail]),
    ),
  );
  console.log(`\nbench:engine took ${(result.durationMs / 1000).toFixed(1)} s`);
}

runWhenMain(import.meta.url, {
  name: 'bench:engine',
  run: () => runEngineBench(),
  print: printEngineBench,
  wrongResult: 'the benchmark left a wrong result behind (see the checks above).',
});

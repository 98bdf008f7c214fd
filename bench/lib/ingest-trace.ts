// The ingestion benchmark's in-process companion: the payloads of its two mixes, the statements (database
// round trips) each step of a mix's cycle sends, counted with the pg driver hook on one client, and (as a
// quick proxy while working on the write path, without a production build) the cycle driven through the
// services by concurrent clients in this process.
//
//   npx tsx bench/lib/ingest-trace.ts     (PostgreSQL at BENCH_DATABASE_URL / DATABASE_URL / local)
//
// BENCH_INGEST_TRACE_SECONDS (5, 0 = statements only), BENCH_INGEST_CLIENTS (16), BENCH_INGEST_TRACE_MIX
// ("small" or "storm", the mix the CPU and load figures drive); BENCH_INGEST_TRACE_SQL=1 prints each
// statement of one cycle; BENCH_INGEST_TRACE_SIZES="3,50,200" counts the statements of both mixes' cycles
// at each of those group sizes (does any step send a statement per alert?).

import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { fromPostgres } from '../../db/client';
import { migrateDatabase } from '../../db/migrate';
import { type Integration, integrations, organisations, services, users } from '../../db/schema';
import { integrationActor } from '../../server/services/integrations/authenticate';
import { createIntegration } from '../../server/services/integrations/create';
import { ingestAlertmanager } from '../../server/services/integrations/ingest-alertmanager';
import { ingestEvent } from '../../server/services/integrations/ingest-event';
import { systemClock } from '../../server/services/kernel/context';
import { seedIfEmpty } from '../../server/services/seed/seed';
import { summarizeLatencies } from './measure';
import { adminUrlFrom, backendCpuMs, backendPids, createBenchDatabase, withQueryHook } from './postgres';

const positiveInteger = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
};

/** The small mix's group size: 3 by default, as every earlier run measured it (comparable figures). */
export const ALERTS_PER_GROUP = positiveInteger('BENCH_INGEST_ALERTS_PER_GROUP', 3);
/** The storm mix's group size: a rack or cluster gone down, as Alertmanager sends it (one group). */
export const STORM_ALERTS_PER_GROUP = positiveInteger('BENCH_INGEST_STORM_ALERTS', 100);

type AlertStatus = 'firing' | 'resolved';

/** The small mix's Alertmanager group: `size` alerts of one alertname, on host-0 … host-(size-1). */
export function alertmanagerBatch(group: string, status: AlertStatus, size = ALERTS_PER_GROUP) {
  const startsAt = new Date().toISOString();
  return {
    version: '4',
    groupKey: `{}:{alertname="${group}"}`,
    truncatedAlerts: 0,
    status,
    receiver: 'watchfloor',
    groupLabels: { alertname: group },
    commonLabels: { alertname: group, severity: 'critical' },
    commonAnnotations: { summary: `Bench group ${group}` },
    externalURL: 'http://alertmanager.bench:9093',
    alerts: Array.from({ length: size }, (_, i) => ({
      status,
      labels: { alertname: group, severity: 'critical', instance: `host-${i}:9100` },
      annotations: { summary: `Bench ${group} on host-${i}` },
      startsAt,
      endsAt: status === 'resolved' ? new Date().toISOString() : '0001-01-01T00:00:00Z',
      generatorURL: '',
      fingerprint: `${group}-${i}`,
    })),
  };
}

/**
 * A storm's notification as Alertmanager sends it: one cluster's nodes down at once, grouped by
 * `alertname` + `cluster` (the usual `group_by` of a route), every alert of the group in one request with
 * its own status. `nodes` picks which of the cluster's `size` nodes the notification carries (Alertmanager
 * drops a resolved alert from the group once its resolve was sent); the first `resolved` of them have
 * recovered. Fingerprints are, as Alertmanager's, a hash of the alert's labels.
 */
export function stormBatch(
  cluster: string,
  nodes: { from: number; to: number },
  resolved: number,
  size = STORM_ALERTS_PER_GROUP,
) {
  const alertname = 'NodeDown';
  const now = new Date().toISOString();
  const startsAt = now;
  const alerts = [];
  for (let i = nodes.from; i < Math.min(nodes.to, size); i++) {
    const status: AlertStatus = i - nodes.from < resolved ? 'resolved' : 'firing';
    const labels = {
      alertname,
      cluster,
      severity: 'critical',
      job: 'node',
      rack: `r${Math.floor(i / 20)}`,
      instance: `${cluster}-node-${i}:9100`,
    };
    alerts.push({
      status,
      labels,
      annotations: {
        summary: `Node ${labels.instance} is down`,
        description: `${labels.instance} of cluster ${cluster} has not answered its scrape for 2 minutes.`,
      },
      startsAt,
      endsAt: status === 'resolved' ? now : '0001-01-01T00:00:00Z',
      generatorURL: `http://prometheus.bench:9090/graph?g0.expr=up%7Bjob%3D%22node%22%7D+%3D%3D+0`,
      fingerprint: createHash('sha256').update(JSON.stringify(labels)).digest('hex').slice(0, 16),
    });
  }
  const firing = alerts.some((a) => a.status === 'firing');
  return {
    version: '4',
    groupKey: `{}/{severity="critical"}:{alertname="${alertname}", cluster="${cluster}"}`,
    truncatedAlerts: 0,
    status: firing ? 'firing' : 'resolved',
    receiver: 'watchfloor',
    groupLabels: { alertname, cluster },
    commonLabels: { alertname, cluster, severity: 'critical', job: 'node' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.bench:9093',
    alerts,
  };
}

export function eventsV2(routingKey: string, dedupKey: string, action: 'trigger' | 'resolve') {
  return action === 'trigger'
    ? {
        routing_key: routingKey,
        event_action: action,
        dedup_key: dedupKey,
        payload: { summary: `Bench event ${dedupKey}`, source: 'bench', severity: 'error' },
      }
    : { routing_key: routingKey, event_action: action, dedup_key: dedupKey };
}

/** One request of a mix's cycle: which endpoint, the body, and how many alerts or events it carries. */
export interface CycleStep {
  step: string;
  endpoint: 'alertmanager' | 'events-v2';
  /** The events it carries (its alerts; one for an Events v2 event): what events/s counts once accepted. */
  events: number;
  /** The body, given the Events v2 routing key (Alertmanager's key travels in a header). */
  body: (routingKey: string) => unknown;
}

export type MixName = 'small' | 'storm';

export interface Mix {
  name: MixName;
  alertsPerGroup: number;
  /** One line: what a cycle posts. */
  description: string;
  /** The requests of one cycle on group `group` (unique per client and cycle), in order. */
  cycle: (group: string) => CycleStep[];
}

/** The original mix, unchanged: small groups, a repeat, an Events v2 event beside them, both resolved. */
export function smallMix(size = ALERTS_PER_GROUP): Mix {
  const am = (step: string, group: string, status: AlertStatus): CycleStep => ({
    step,
    endpoint: 'alertmanager',
    events: size,
    body: () => alertmanagerBatch(group, status, size),
  });
  return {
    name: 'small',
    alertsPerGroup: size,
    description: `new Alertmanager group (${size} alerts), repeat, Events v2 trigger, group resolve, event resolve`,
    cycle: (group) => [
      am('new group', group, 'firing'),
      am('repeat', group, 'firing'),
      {
        step: 'event trigger',
        endpoint: 'events-v2',
        events: 1,
        body: (key) => eventsV2(key, group, 'trigger'),
      },
      am('group resolve', group, 'resolved'),
      {
        step: 'event resolve',
        endpoint: 'events-v2',
        events: 1,
        body: (key) => eventsV2(key, group, 'resolve'),
      },
    ],
  };
}

/**
 * A storm: a cluster's `size` nodes go down together (one group, one ticket), Alertmanager repeats the
 * group, half the nodes come back (one notification: those resolved, the rest still firing), then the
 * rest (only they: the resolved half left the group once its resolve was sent) and the ticket resolves.
 */
export function stormMix(size = STORM_ALERTS_PER_GROUP): Mix {
  const half = Math.floor(size / 2);
  const step = (name: string, cluster: string, from: number, resolved: number): CycleStep => ({
    step: name,
    endpoint: 'alertmanager',
    events: size - from,
    body: () => stormBatch(cluster, { from, to: size }, resolved, size),
  });
  return {
    name: 'storm',
    alertsPerGroup: size,
    description: `a cluster's ${size} nodes down in one Alertmanager group (alertname + cluster), repeat, half resolved, the rest resolved`,
    cycle: (cluster) => [
      step('storm fires', cluster, 0, 0),
      step('storm repeat', cluster, 0, 0),
      step('half resolved', cluster, 0, half),
      step('rest resolved', cluster, half, size - half),
    ],
  };
}

export function mixNamed(name: string): Mix {
  if (name === 'small') return smallMix();
  if (name === 'storm') return stormMix();
  throw new Error(`unknown ingestion mix "${name}" (small or storm)`);
}

export const eventsPerCycle = (mix: Mix) => mix.cycle('count').reduce((sum, step) => sum + step.events, 0);

/** A mix's cycle for one client, step by step, through the services the endpoints call. */
export function cycleSteps(
  db: Database,
  am: Integration,
  ev: Integration,
  group: string,
  mix: Mix = smallMix(),
): { step: string; events: number; run: () => Promise<unknown> }[] {
  const ctxOf = (integration: Integration) => ({
    db,
    now: systemClock,
    actor: integrationActor(integration),
  });
  return mix.cycle(group).map(({ step, endpoint, events, body }) => ({
    step,
    events,
    run: () =>
      endpoint === 'alertmanager'
        ? ingestAlertmanager(ctxOf(am), am, body(''))
        : ingestEvent(ctxOf(ev), ev, body('trace')),
  }));
}

export interface StatementCount {
  steps: { step: string; statements: number }[];
  perEvent: number;
}

/** Statements each step of one cycle sends (one client, nothing else running), and per event overall. */
export async function statementsPerStep(
  db: Database,
  am: Integration,
  ev: Integration,
  group: string,
  print = false,
  mix: Mix = smallMix(),
): Promise<StatementCount> {
  const steps: { step: string; statements: number }[] = [];
  for (const { step, run } of cycleSteps(db, am, ev, group, mix)) {
    let statements = 0;
    await withQueryHook(
      (text, _values, elapsedMs) => {
        statements++;
        if (print)
          console.log(`  [${step}] ${elapsedMs.toFixed(2)} ms ${text.replace(/\s+/g, ' ').slice(0, 120)}`);
      },
      () => run(),
    );
    steps.push({ step, statements });
  }
  const total = steps.reduce((sum, s) => sum + s.statements, 0);
  return { steps, perEvent: total / eventsPerCycle(mix) };
}

async function main() {
  const clients = Number(process.env.BENCH_INGEST_CLIENTS ?? 16);
  const seconds = Number(process.env.BENCH_INGEST_TRACE_SECONDS ?? 5);
  const mix = mixNamed(process.env.BENCH_INGEST_TRACE_MIX ?? 'small');
  const sizes = (process.env.BENCH_INGEST_TRACE_SIZES ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  const database = await createBenchDatabase(adminUrlFrom(), `watchfloor_ingest_trace_${process.pid}`);
  // At least two: migrating holds one connection (its advisory lock) while it runs on another.
  const handle = fromPostgres(database.url, Math.max(2, clients));
  try {
    await migrateDatabase(handle);
    const { db } = handle;
    await seedIfEmpty(db, { demo: true, history: false, now: systemClock });
    const [admin] = await db.select().from(users).where(eq(users.email, 'admin@watchfloor.test'));
    const [org] = await db.select().from(organisations).where(eq(organisations.slug, 'globex'));
    const [service] = await db.select().from(services).where(eq(services.organisationId, org!.id)).limit(1);
    const ctx = {
      db,
      now: systemClock,
      actor: {
        type: 'user' as const,
        id: admin!.id,
        email: admin!.email,
        role: admin!.role,
        organisationId: admin!.organisationId,
      },
    };
    const pairs: [Integration, Integration][] = [];
    for (let c = 0; c < clients; c++) {
      const common = {
        organisationId: org!.id,
        defaultServiceId: service!.id,
        rateLimitPerMinute: 10_000,
        resolveBehaviour: 'resolve' as const,
      };
      const am = await createIntegration(ctx, { ...common, kind: 'alertmanager', name: `trace am ${c}` });
      const ev = await createIntegration(ctx, { ...common, kind: 'events_v2', name: `trace ev ${c}` });
      const [amRow] = await db.select().from(integrations).where(eq(integrations.id, am.id));
      const [evRow] = await db.select().from(integrations).where(eq(integrations.id, ev.id));
      pairs.push([amRow!, evRow!]);
    }
    const [am, ev] = pairs[0]!;
    const line = (counted: StatementCount) =>
      `${counted.steps.map((s) => `${s.step} ${s.statements}`).join(' · ')}; per event ${counted.perEvent.toFixed(2)}`;
    for (const size of sizes) {
      for (const sized of [smallMix(size), stormMix(size)]) {
        await statementsPerStep(db, am, ev, `warm-${sized.name}-${size}`, false, sized);
        const counted = await statementsPerStep(db, am, ev, `sized-${sized.name}-${size}`, false, sized);
        console.log(`${sized.name} mix, ${size} alerts per group: ${line(counted)}`);
      }
    }
    await statementsPerStep(db, am, ev, 'warm', false, mix);
    const counted = await statementsPerStep(
      db,
      am,
      ev,
      'counted',
      process.env.BENCH_INGEST_TRACE_SQL === '1',
      mix,
    );
    console.log(
      `${mix.name} mix (${mix.alertsPerGroup} alerts per group), statements per step: ${line(counted)}`,
    );
    // CPU per request, one client, sequential: this process (the services, drizzle, the driver) and the
    // database's backends. Far steadier than wall-clock figures on a busy machine.
    const cycles = Number(process.env.BENCH_INGEST_TRACE_CYCLES ?? 100);
    if (cycles > 0) {
      // Whichever backends the pool hands out: those alive at both ends (an idle one may have closed).
      const pids = await backendPids(db);
      const start = new Map(pids.map((pid) => [pid, backendCpuMs([pid])]));
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      let requests = 0;
      for (let i = 0; i < cycles; i++)
        for (const { run } of cycleSteps(db, am, ev, `cpu-${i}`, mix)) {
          await run();
          requests++;
        }
      const wallMs = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      let backendMs: number | null = 0;
      for (const [pid, before] of start) {
        const after = backendCpuMs([pid]);
        if (before !== null && after !== null) backendMs += after - before;
      }
      if (start.size === 0) backendMs = null;
      console.log(
        `one client, ${cycles} cycles: node CPU ${((cpu.user + cpu.system) / 1000 / requests).toFixed(2)} ms/request, PostgreSQL backend CPU ${backendMs === null ? '?' : (backendMs / requests).toFixed(2)} ms/request, wall ${(wallMs / requests).toFixed(2)} ms/request`,
      );
    }
    if (seconds <= 0) return;
    const latencies: number[] = [];
    let events = 0;
    const deadline = performance.now() + seconds * 1000;
    await Promise.all(
      pairs.map(async ([a, e], c) => {
        for (let i = 0; performance.now() < deadline; i++) {
          for (const { run, events: n } of cycleSteps(db, a, e, `load-${c}-${i}`, mix)) {
            const t0 = performance.now();
            await run();
            latencies.push(performance.now() - t0);
            events += n;
          }
        }
      }),
    );
    const s = summarizeLatencies(latencies);
    console.log(
      `in-process, ${clients} clients, ${seconds} s: ${Math.round(events / seconds)} events/s, p50 ${s.p50Ms.toFixed(1)} ms, p99 ${s.p99Ms.toFixed(1)} ms`,
    );
  } finally {
    await database.drop(() => handle.close());
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

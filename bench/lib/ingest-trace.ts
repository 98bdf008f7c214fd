// The ingestion benchmark's in-process companion: the statements (database round trips) each step of the
// benchmark's cycle sends, counted with the pg driver hook on one client, and (as a quick proxy while
// working on the write path, without a production build) the cycle driven through the services by
// concurrent clients in this process.
//
//   npx tsx bench/lib/ingest-trace.ts     (PostgreSQL at BENCH_DATABASE_URL / DATABASE_URL / local)
//
// BENCH_INGEST_TRACE_SECONDS (5, 0 = statements only) and BENCH_INGEST_CLIENTS (16); BENCH_INGEST_TRACE_SQL=1
// prints each statement of one cycle.

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

export const ALERTS_PER_GROUP = 3;

export function alertmanagerBatch(group: string, status: 'firing' | 'resolved') {
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
    alerts: Array.from({ length: ALERTS_PER_GROUP }, (_, i) => ({
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

/** The benchmark's cycle for one client, step by step, through the services. */
export function cycleSteps(
  db: Database,
  am: Integration,
  ev: Integration,
  group: string,
): { step: string; events: number; run: () => Promise<unknown> }[] {
  const ctxOf = (integration: Integration) => ({
    db,
    now: systemClock,
    actor: integrationActor(integration),
  });
  return [
    {
      step: 'new group',
      events: ALERTS_PER_GROUP,
      run: () => ingestAlertmanager(ctxOf(am), am, alertmanagerBatch(group, 'firing')),
    },
    {
      step: 'repeat',
      events: ALERTS_PER_GROUP,
      run: () => ingestAlertmanager(ctxOf(am), am, alertmanagerBatch(group, 'firing')),
    },
    {
      step: 'event trigger',
      events: 1,
      run: () => ingestEvent(ctxOf(ev), ev, eventsV2('trace', group, 'trigger')),
    },
    {
      step: 'group resolve',
      events: ALERTS_PER_GROUP,
      run: () => ingestAlertmanager(ctxOf(am), am, alertmanagerBatch(group, 'resolved')),
    },
    {
      step: 'event resolve',
      events: 1,
      run: () => ingestEvent(ctxOf(ev), ev, eventsV2('trace', group, 'resolve')),
    },
  ];
}

export const EVENTS_PER_CYCLE = 3 * ALERTS_PER_GROUP + 2;

/** Statements each step of one cycle sends (one client, nothing else running), and per event overall. */
export async function statementsPerStep(
  db: Database,
  am: Integration,
  ev: Integration,
  group: string,
  print = false,
): Promise<{ steps: { step: string; statements: number }[]; perEvent: number }> {
  const steps: { step: string; statements: number }[] = [];
  for (const { step, run } of cycleSteps(db, am, ev, group)) {
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
  return { steps, perEvent: total / EVENTS_PER_CYCLE };
}

async function main() {
  const clients = Number(process.env.BENCH_INGEST_CLIENTS ?? 16);
  const seconds = Number(process.env.BENCH_INGEST_TRACE_SECONDS ?? 5);
  const database = await createBenchDatabase(adminUrlFrom(), `watchfloor_ingest_trace_${process.pid}`);
  const handle = fromPostgres(database.url, clients);
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
    await statementsPerStep(db, am, ev, 'warm');
    const counted = await statementsPerStep(
      db,
      am,
      ev,
      'counted',
      process.env.BENCH_INGEST_TRACE_SQL === '1',
    );
    console.log(
      `statements per step: ${counted.steps.map((s) => `${s.step} ${s.statements}`).join(' · ')}; per event ${counted.perEvent.toFixed(2)}`,
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
      for (let i = 0; i < cycles; i++) for (const { run } of cycleSteps(db, am, ev, `cpu-${i}`)) await run();
      const wallMs = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      let backendMs: number | null = 0;
      for (const [pid, before] of start) {
        const after = backendCpuMs([pid]);
        if (before !== null && after !== null) backendMs += after - before;
      }
      if (start.size === 0) backendMs = null;
      const requests = cycles * 5;
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
          for (const { run, events: n } of cycleSteps(db, a, e, `load-${c}-${i}`)) {
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

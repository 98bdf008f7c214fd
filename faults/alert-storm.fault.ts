// Fault: the server killed (-9) in the middle of an alert storm (issue #15). 10,000 alerts in 400
// Alertmanager groups of 25 come from 16 concurrent clients as v4 webhook batches, each group as
// Alertmanager sends it: its first 13 alerts, then (once that was accepted) all 25. A client retries a
// batch as Alertmanager does, with backoff, on any error, timeout or non-2xx, until a 2xx. Once ~40% of
// the alerts were accepted the server is killed with SIGKILL and started again; the clients carry on.
// Then, from the database: every alert that got a 2xx is on a ticket, no alert is there twice, each group
// is on exactly one ticket with one "fired" entry per alert, and the audit chains verify (in-process and
// through `npm run audit:verify`). The retries and the requests that failed during the kill are counted
// and must be there: a kill that no request noticed would prove nothing.

import { execFile } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchDatabase } from '../bench/lib/postgres';
import { integrationAlerts, ticketEvents, tickets } from '../db/schema';
import { queryRows } from '../db/sql';
import { verifyAuditChains } from '../server/services/audit/verify';
import { type Answer, is2xx, seen, sleep, tally, timedRequest } from './lib/http-load';
import { freshDatabase, type RunningApp, startApp } from './lib/processes';
import { type FaultWorld, prepareWorld } from './lib/world';

const PORT = Number(process.env.FAULTS_STORM_PORT ?? 3411);
const CLIENTS = 16;
const GROUPS = 400;
const ALERTS_PER_GROUP = 25;
const FIRST_BATCH = 13;
const TOTAL = GROUPS * ALERTS_PER_GROUP;
/** Kill once this share of the alerts was acknowledged. */
const KILL_AT = 0.4;
/** Alertmanager's webhook timeout stands in here: a request without an answer by then is retried. */
const REQUEST_TIMEOUT_MS = 10_000;
/** Backoff between retries of one batch: from 250 ms, ×1.5 each time, at most 2 s, ±50% jitter. */
const BACKOFF = { initialMs: 250, factor: 1.5, maxMs: 2_000 };
/** A client that has not delivered everything by then fails the scenario. */
const GIVE_UP_MS = 150_000;

const root = path.resolve(import.meta.dirname, '..');

interface Batch {
  group: number;
  fingerprints: string[];
  body: string;
}

const groupKey = (group: number) => `{}/{team="noc"}:{alertname="StormLinkDown",cluster="c${group}"}`;
const fingerprint = (group: number, alert: number) => `storm-${group}-${alert}`;

/** A v4 webhook batch of group `group`'s first `count` alerts, shaped as the shared fixture. */
function batch(group: number, count: number): Batch {
  const startsAt = new Date().toISOString();
  const alerts = Array.from({ length: count }, (_, a) => ({
    status: 'firing',
    labels: {
      alertname: 'StormLinkDown',
      severity: 'critical',
      team: 'noc',
      cluster: `c${group}`,
      instance: `edge-rtr-${a}:9100`,
    },
    annotations: { summary: `Uplink down on edge-rtr-${a} in c${group}`, description: 'ifOperStatus down' },
    startsAt,
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus.example.net:9090/graph?g0.expr=ifOperStatus%3D%3D2',
    fingerprint: fingerprint(group, a),
  }));
  const payload = {
    version: '4',
    groupKey: groupKey(group),
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'watchfloor',
    groupLabels: { alertname: 'StormLinkDown', cluster: `c${group}` },
    commonLabels: { alertname: 'StormLinkDown', severity: 'critical', team: 'noc', cluster: `c${group}` },
    commonAnnotations: { summary: `Uplinks down in cluster c${group}` },
    externalURL: 'http://alertmanager.example.net:9093',
    alerts,
  };
  return { group, fingerprints: alerts.map((a) => a.fingerprint), body: JSON.stringify(payload) };
}

/** `npm run audit:verify` against the database: its exit code and output. */
function auditVerify(databaseUrl: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      path.join(root, 'node_modules', '.bin', 'tsx'),
      [path.join(root, 'scripts', 'audit-verify.ts')],
      { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: 'utf8' },
      (error, stdout, stderr) =>
        resolve({
          code: error ? Number((error as { code?: number }).code ?? 1) : 0,
          output: stdout + stderr,
        }),
    );
  });
}

describe('crash during an alert storm', () => {
  let database: BenchDatabase | undefined;
  let world: FaultWorld | undefined;
  let app: RunningApp | undefined;
  let integrationId: string;
  let key: string;

  beforeAll(async () => {
    database = await freshDatabase('storm');
    world = await prepareWorld(database.url);
    const integration = await world.integration('alertmanager', 'storm alertmanager');
    integrationId = integration.id;
    key = integration.key;
    app = await startApp({ databaseUrl: database.url, port: PORT });
  });

  afterAll(async () => {
    await app?.kill9();
    await database?.drop(async () => world?.handle.close());
  });

  it('loses no acknowledged alert and duplicates none when the server is killed mid-storm', async () => {
    const url = app!.url;
    const acknowledged = new Set<string>();
    const attempts: (Answer & { batch: number })[] = [];
    /** Alerts the server answered `repeated` on a first batch's retry: its earlier attempt had committed. */
    let committedThenLost = 0;
    let killedAt: number | undefined;
    let abandoned = false;
    let restartedAt: number | undefined;

    const deliver = async (work: Batch, index: number, firstSend: boolean) => {
      let wait = BACKOFF.initialMs;
      const started = performance.now();
      for (let attempt = 0; ; attempt++) {
        const answer = await timedRequest(
          'alertmanager',
          `${url}/api/integrations/alertmanager`,
          {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
            body: work.body,
          },
          REQUEST_TIMEOUT_MS,
          true,
        );
        const { body: _, ...kept } = answer;
        attempts.push({ ...kept, batch: index });
        if (is2xx(answer)) {
          for (const f of work.fingerprints) acknowledged.add(f);
          const outcomes = (JSON.parse(answer.body ?? '{}') as { outcomes?: Record<string, number> })
            .outcomes;
          if (firstSend && attempt > 0) committedThenLost += outcomes?.repeated ?? 0;
          return;
        }
        // Alertmanager drops a delivery answered 4xx: that would lose alerts, so it fails the scenario.
        if (answer.status !== null && answer.status < 500)
          throw new Error(`batch ${index} refused with ${answer.status}`);
        if (performance.now() - started > GIVE_UP_MS) throw new Error(`batch ${index} never delivered`);
        if (abandoned) throw new Error('another client failed');
        await sleep(wait * (0.5 + Math.random()));
        wait = Math.min(BACKOFF.maxMs, wait * BACKOFF.factor);
      }
    };

    // Each group in order (first part, then all of it), groups spread over the clients.
    let nextGroup = 0;
    const clientsDone = Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (nextGroup < GROUPS && !abandoned) {
          const group = nextGroup++;
          await deliver(batch(group, FIRST_BATCH), group * 2, true);
          await deliver(batch(group, ALERTS_PER_GROUP), group * 2 + 1, false);
        }
      }),
    );
    // A client's failure stops the others (they must not go on against a server being torn down) and
    // the wait for the kill.
    let settled = false;
    clientsDone.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
        abandoned = true;
      },
    );

    const stormStarted = performance.now();
    while (acknowledged.size < KILL_AT * TOTAL && !settled) await sleep(10);
    if (settled) await clientsDone; // finished or failed before the kill: either way, nothing to test
    expect(settled, 'the storm ended before the kill').toBe(false);
    killedAt = performance.now();
    const acknowledgedAtKill = acknowledged.size;
    await app!.kill9();
    app = await startApp({ databaseUrl: database!.url, port: PORT });
    restartedAt = performance.now();
    await clientsDone;
    const stormEnded = performance.now();

    const retries = attempts.length - GROUPS * 2;
    const failed = attempts.filter((a) => !is2xx(a));
    const duringKill = failed.filter((a) => a.endedAt >= killedAt! && a.startedAt <= restartedAt!);
    const figures = {
      alerts: TOTAL,
      batches: GROUPS * 2,
      attempts: attempts.length,
      retries,
      failed: tally(failed, seen),
      failedDuringKill: duringKill.length,
      inFlightAtKill: attempts.filter((a) => a.startedAt < killedAt! && a.endedAt >= killedAt!).length,
      acknowledgedAtKill,
      committedThenLost,
      downMs: Math.round(restartedAt - killedAt),
      stormSeconds: Number(((stormEnded - stormStarted) / 1000).toFixed(1)),
      alertsPerSecond: Math.round(TOTAL / ((stormEnded - stormStarted) / 1000)),
      alertsPerSecondBeforeKill: Math.round(acknowledgedAtKill / ((killedAt - stormStarted) / 1000)),
    };

    console.log('[faults] alert storm:', JSON.stringify(figures, null, 2));

    // The kill really hit the storm: requests failed then and were retried.
    expect(acknowledged.size).toBe(TOTAL);
    expect(duringKill.length).toBeGreaterThan(0);
    expect(retries).toBeGreaterThanOrEqual(duringKill.length);
    // What failed is the kill's doing (refused, reset, timed out) or a 503 to retry; never a 500.
    expect(failed.filter((a) => a.status !== null && a.status !== 503).map(seen)).toEqual([]);

    // From the database.
    const db = world!.handle.db;
    const alerts = await db
      .select({
        key: integrationAlerts.alertKey,
        groupKey: integrationAlerts.groupKey,
        ticketId: integrationAlerts.ticketId,
        status: integrationAlerts.status,
      })
      .from(integrationAlerts)
      .where(eq(integrationAlerts.integrationId, integrationId));
    const byKey = new Map(alerts.map((a) => [a.key, a]));
    // No alert twice (the live-alert index allows one live row per key; nothing here ever resolved).
    expect(alerts.length).toBe(byKey.size);
    // Every acknowledged alert is tracked, firing, on a ticket that exists.
    const missing = [...acknowledged].filter(
      (f) => !byKey.get(f)?.ticketId || byKey.get(f)?.status !== 'firing',
    );
    expect(missing).toEqual([]);
    expect(byKey.size).toBe(TOTAL);

    // One ticket per group: its alerts all on it, and no other ticket of the group's dedup key.
    const ticketsOfGroup = new Map<string, Set<string>>();
    for (const a of alerts) {
      const set = ticketsOfGroup.get(a.groupKey) ?? new Set<string>();
      set.add(a.ticketId!);
      ticketsOfGroup.set(a.groupKey, set);
    }
    expect(ticketsOfGroup.size).toBe(GROUPS);
    expect([...ticketsOfGroup].filter(([, set]) => set.size !== 1).map(([group]) => group)).toEqual([]);
    const stormTickets = await db
      .select({ id: tickets.id, dedupKey: tickets.dedupKey })
      .from(tickets)
      .where(
        and(
          eq(tickets.source, 'alertmanager'),
          sql`${tickets.dedupKey} like '{}/{team="noc"}:{alertname="StormLinkDown"%'`,
        ),
      );
    expect(stormTickets.length).toBe(GROUPS);
    expect(new Set(stormTickets.map((t) => t.dedupKey)).size).toBe(GROUPS);
    const ticketIds = new Set(stormTickets.map((t) => t.id));
    expect([...ticketsOfGroup.values()].every((set) => ticketIds.has([...set][0]!))).toBe(true);

    // One "fired" entry per alert on its ticket's timeline: a retried batch repeated nothing.
    const fired = await queryRows<{ ticket_id: string; key: string; n: number }>(
      db,
      sql`select ${ticketEvents.ticketId} as ticket_id, ${ticketEvents.payload}->>'key' as key, count(*)::int as n
          from ${ticketEvents}
          where ${ticketEvents.type} = 'alert.fired' and ${ticketEvents.payload}->>'integrationId' = ${integrationId}
          group by 1, 2`,
    );
    expect(fired.length).toBe(TOTAL);
    expect(fired.filter((r) => r.n !== 1)).toEqual([]);
    expect(fired.filter((r) => byKey.get(r.key)?.ticketId !== r.ticket_id)).toEqual([]);

    // The audit hash chains hold, checked here and by the operator's command.
    expect((await verifyAuditChains(db)).firstBreak).toBeNull();
    const cli = await auditVerify(database!.url);
    expect(cli.code, cli.output).toBe(0);
    expect(cli.output).toMatch(/^OK: \d+ ticket chains/m);
  });
});

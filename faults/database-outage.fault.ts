// Fault: PostgreSQL restarted under load (issue #15). The production server runs on a PostgreSQL server
// of the scenario's own (faults/lib/throwaway-postgres.ts; the shared one is never stopped), with
// clients calling /api/health, the Events v2 endpoint and a tRPC query as a signed-in user. The database
// server is stopped in fast mode (as a restart does), left down, and started again. While it is down
// every answer must be a 503 with Retry-After, quickly (no 500, no hang, no dropped connection); once it
// is back the app must recover on its own, and every event it accepted must be in the database.

import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { inArray } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromPostgres } from '../db/client';
import { integrationAlerts } from '../db/schema';
import { type Answer, is2xx, seen, sleep, tally, timedRequest } from './lib/http-load';
import { type RunningApp, startApp } from './lib/processes';
import { signIn } from './lib/sign-in';
import { startThrowawayPostgres, type ThrowawayPostgres } from './lib/throwaway-postgres';
import { DEMO_ADMIN, prepareWorld } from './lib/world';

const PORT = Number(process.env.FAULTS_OUTAGE_PORT ?? 3412);
const CLIENTS = 6;
/** How long the database stays down, at least. */
const DOWN_MS = 8_000;
/** An answer slower than this is a hang (the pool's connect timeout is 5 s). */
const BOUND_MS = 10_000;
/** Time the app has, once PostgreSQL accepts connections again, to answer every kind of request again. */
const RECOVERY_MS = 30_000;
const KINDS = ['health', 'events', 'trpc'] as const;
type Kind = (typeof KINDS)[number];

describe('database outage: PostgreSQL restarted under load', () => {
  let cluster: ThrowawayPostgres | undefined;
  let app: RunningApp | undefined;
  let databaseUrl: string;
  let routingKeys: string[];
  let cookie: string;

  beforeAll(async () => {
    cluster = await startThrowawayPostgres();
    const admin = new pg.Client({ connectionString: cluster.adminUrl });
    await admin.connect();
    await admin.query('create database watchfloor_outage').finally(() => admin.end());
    databaseUrl = cluster.urlFor('watchfloor_outage');
    const world = await prepareWorld(databaseUrl);
    try {
      // A key per client: the per-key rate limit never answers instead of the outage.
      routingKeys = [];
      for (let c = 0; c < CLIENTS; c++)
        routingKeys.push((await world.integration('events_v2', `outage events ${c}`)).key);
    } finally {
      await world.handle.close();
    }
    app = await startApp({ databaseUrl, port: PORT });
    cookie = await signIn(app.url, DEMO_ADMIN);
  });

  afterAll(async () => {
    await app?.kill9();
    await cluster?.destroy();
  });

  it('answers 503 with Retry-After, promptly, while the database is down, and recovers by itself', async () => {
    const url = app!.url;
    const answers: Answer[] = [];
    const accepted: string[] = [];
    const request = (kind: Kind, client: number): Promise<Answer> => {
      if (kind === 'health') return timedRequest(kind, `${url}/api/health`, {}, BOUND_MS * 2);
      if (kind === 'trpc') {
        const input = encodeURIComponent(JSON.stringify({ json: {} }));
        return timedRequest(
          kind,
          `${url}/api/trpc/tickets.count?input=${input}`,
          { headers: { cookie } },
          BOUND_MS * 2,
        );
      }
      const dedupKey = `outage-${randomUUID()}`;
      return timedRequest(
        kind,
        `${url}/v2/enqueue`,
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            routing_key: routingKeys[client],
            event_action: 'trigger',
            dedup_key: dedupKey,
            payload: { summary: `Outage probe ${dedupKey}`, source: 'faults', severity: 'warning' },
          }),
        },
        BOUND_MS * 2,
      ).then((answer) => {
        if (is2xx(answer)) accepted.push(dedupKey);
        return answer;
      });
    };

    let loading = true;
    const clients = Array.from({ length: CLIENTS }, async (_, client) => {
      for (let i = client; loading; i++) {
        answers.push(await request(KINDS[i % KINDS.length]!, client));
        await sleep(20);
      }
    });

    // Each phase lasts until every kind of request has been answered a few times in it (on a busy
    // machine a request can take seconds), within a minute.
    const eachKind = async (count: number, matches: (a: Answer) => boolean, atLeastMs = 0) => {
      const since = performance.now();
      const enough = () =>
        KINDS.every((kind) => answers.filter((a) => a.kind === kind && matches(a)).length >= count);
      while ((performance.now() - since < atLeastMs || !enough()) && performance.now() - since < 60_000)
        await sleep(100);
    };
    await eachKind(3, is2xx);
    const stopBegin = performance.now();
    await cluster!.stop('fast');
    const stopEnd = performance.now();
    await eachKind(5, (a) => a.startedAt >= stopEnd, DOWN_MS);
    const startBegin = performance.now();
    await cluster!.start();
    const startEnd = performance.now();

    // Recovered once each kind has been answered 2xx, by requests started after PostgreSQL was back.
    const recoveredAt = new Map<Kind, number>();
    while (recoveredAt.size < KINDS.length && performance.now() - startEnd < RECOVERY_MS) {
      for (const answer of answers)
        if (answer.startedAt >= startEnd && is2xx(answer) && !recoveredAt.has(answer.kind as Kind))
          recoveredAt.set(answer.kind as Kind, answer.endedAt);
      await sleep(100);
    }
    // A little steady load after the recovery: it must all succeed.
    const afterRecovery = (a: Answer) => {
      const recovered = recoveredAt.get(a.kind as Kind);
      return recovered !== undefined && a.startedAt > recovered;
    };
    await eachKind(3, afterRecovery, 3_000);
    loading = false;
    await Promise.all(clients);

    const before = answers.filter((a) => a.endedAt < stopBegin);
    const down = answers.filter((a) => a.startedAt >= stopEnd && a.endedAt <= startBegin);
    const after = answers.filter(afterRecovery);
    const slowest = Math.max(...answers.map((a) => a.endedAt - a.startedAt));
    const downDurations = down.map((a) => a.endedAt - a.startedAt).sort((x, y) => x - y);
    const figures = {
      requests: answers.length,
      all: tally(answers, seen),
      before: tally(before, seen),
      down: tally(down, (a) => `${a.kind} ${seen(a)}`),
      after: tally(after, seen),
      stopMs: Math.round(stopEnd - stopBegin),
      startMs: Math.round(startEnd - startBegin),
      downP50Ms: Math.round(downDurations[Math.floor(downDurations.length / 2)] ?? Number.NaN),
      slowestMs: Math.round(slowest),
      recoveryMs: Object.fromEntries([...recoveredAt].map(([kind, at]) => [kind, Math.round(at - startEnd)])),
      eventsAccepted: accepted.length,
    };
    console.log('[faults] database outage:', JSON.stringify(figures, null, 2));

    // Before the fault everything worked (the scenario measures the fault, not a broken setup).
    for (const kind of KINDS)
      expect(
        before.some((a) => a.kind === kind),
        kind,
      ).toBe(true);
    expect(before.every(is2xx), JSON.stringify(figures.before)).toBe(true);
    // Down: a prompt 503 with Retry-After, for every kind of request; never a 500, a hang or a reset.
    for (const kind of KINDS) expect(down.filter((a) => a.kind === kind).length, kind).toBeGreaterThan(2);
    const wrong = down.filter((a) => a.status !== 503 || !(Number(a.retryAfter) > 0));
    expect(wrong.map((a) => `${a.kind} ${seen(a)} retry-after=${a.retryAfter}`)).toEqual([]);
    // Around the stop and the start too: only 2xx or 503, within the bound.
    expect(answers.filter((a) => !is2xx(a) && a.status !== 503).map((a) => `${a.kind} ${seen(a)}`)).toEqual(
      [],
    );
    expect(slowest).toBeLessThan(BOUND_MS);
    // Recovered by itself, then stayed up.
    expect([...recoveredAt.keys()].sort()).toEqual([...KINDS].sort());
    for (const kind of KINDS)
      expect(
        after.some((a) => a.kind === kind),
        kind,
      ).toBe(true);
    expect(after.every(is2xx), JSON.stringify(figures.after)).toBe(true);

    // Every event answered 202 is in the database.
    const handle = fromPostgres(databaseUrl, 2);
    try {
      const stored = await handle.db
        .select({ key: integrationAlerts.alertKey })
        .from(integrationAlerts)
        .where(inArray(integrationAlerts.alertKey, accepted));
      expect(new Set(stored.map((r) => r.key)).size).toBe(accepted.length);
    } finally {
      await handle.close();
    }
  });
});

// A real Prometheus Alertmanager pointed at a running Watchfloor (issue #14's "done when"): the production
// server on a fresh PostgreSQL database, and Debian's `prometheus-alertmanager` with a webhook receiver that
// authenticates with the integration's key (`http_config.authorization`, Bearer, read from a file). Alerts
// are posted to Alertmanager's own API (v2 /api/v2/alerts); Alertmanager groups them and delivers, and the
// test polls the database until the ticket opens, gains the group's second alert, and resolves once both
// alerts end. Short group_wait / group_interval keep it well under a minute; nothing sleeps a fixed time.

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchDatabase } from '../bench/lib/postgres';
import { type DatabaseHandle, fromPostgres } from '../db/client';
import { integrationAlerts, organisations, services, ticketEvents, tickets, users } from '../db/schema';
import { createIntegration } from '../server/services/integrations/create';
import { systemClock } from '../server/services/kernel/context';
import { freshDatabase, type RunningApp, startApp } from './lib/processes';

const APP_PORT = Number(process.env.FAULTS_APP_PORT ?? 3461);
const ALERTMANAGER_PORT = Number(process.env.FAULTS_ALERTMANAGER_PORT ?? 3462);
const ALERTMANAGER = process.env.ALERTMANAGER_PATH ?? '/usr/bin/prometheus-alertmanager';
const POLL = { timeoutMs: 45_000, intervalMs: 200 };

/**
 * Debian's prometheus-alertmanager, installed when missing and running as root on Debian (as scripts/e2e.mjs
 * does for Chromium); otherwise a clear error: this scenario has no stand-in for the real thing.
 */
function ensureAlertmanager(): string {
  if (existsSync(ALERTMANAGER)) return ALERTMANAGER;
  const debian = existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (debian && root) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'prometheus-alertmanager'], {
      stdio: 'inherit',
      env,
    });
    if (existsSync(ALERTMANAGER)) return ALERTMANAGER;
  }
  throw new Error(
    `No Alertmanager at ${ALERTMANAGER}: install Debian's "prometheus-alertmanager" (or set ALERTMANAGER_PATH).`,
  );
}

/** Resolves with the first truthy answer of `probe`, polling; fails with `what` after POLL.timeoutMs. */
async function eventually<T>(what: string, probe: () => Promise<T | null | undefined | false>): Promise<T> {
  const deadline = Date.now() + POLL.timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`${what}: not within ${POLL.timeoutMs} ms${last ? ` (${String(last)})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, POLL.intervalMs));
  }
}

function alertmanagerConfig(appUrl: string, keyFile: string): string {
  // YAML by hand (JSON is YAML): no YAML library needed, and every value quoted as JSON quotes it.
  return JSON.stringify({
    global: { resolve_timeout: '5s' },
    route: {
      receiver: 'watchfloor',
      group_by: ['alertname'],
      group_wait: '1s',
      group_interval: '2s',
      repeat_interval: '1h',
    },
    receivers: [
      {
        name: 'watchfloor',
        webhook_configs: [
          {
            url: `${appUrl}/api/integrations/alertmanager`,
            send_resolved: true,
            http_config: { authorization: { type: 'Bearer', credentials_file: keyFile } },
          },
        ],
      },
    ],
  });
}

describe('a real Alertmanager against the production server on PostgreSQL', () => {
  let database: BenchDatabase;
  let app: RunningApp | undefined;
  let alertmanager: ChildProcess | undefined;
  let handle: DatabaseHandle;
  let dir: string;
  let integrationId: string;
  const amUrl = `http://127.0.0.1:${ALERTMANAGER_PORT}`;

  beforeAll(async () => {
    const binary = ensureAlertmanager();
    database = await freshDatabase('alertmanager');
    app = await startApp({
      databaseUrl: database.url,
      port: APP_PORT,
      env: { WATCHFLOOR_DEMO: '1', WATCHFLOOR_DEMO_HISTORY: '0' },
    });
    handle = fromPostgres(database.url, 2);
    const { db } = handle;
    const [admin] = await db.select().from(users).where(eq(users.email, 'admin@watchfloor.test'));
    const [org] = await db.select().from(organisations).where(eq(organisations.slug, 'globex'));
    const [service] = await db.select().from(services).where(eq(services.organisationId, org!.id)).limit(1);
    const created = await createIntegration(
      {
        db,
        now: systemClock,
        actor: {
          type: 'user',
          id: admin!.id,
          email: admin!.email,
          role: admin!.role,
          organisationId: admin!.organisationId,
        },
      },
      {
        organisationId: org!.id,
        kind: 'alertmanager',
        name: 'Real Alertmanager',
        defaultServiceId: service!.id,
        resolveBehaviour: 'resolve',
      },
    );
    integrationId = created.id;
    dir = mkdtempSync(path.join(tmpdir(), 'watchfloor-alertmanager-'));
    // The key stays out of the command line and the config: a file only this user reads.
    const keyFile = path.join(dir, 'watchfloor.key');
    writeFileSync(keyFile, created.key, { mode: 0o600 });
    const configFile = path.join(dir, 'alertmanager.yml');
    writeFileSync(configFile, alertmanagerConfig(app.url, keyFile));
    alertmanager = spawn(
      binary,
      [
        `--config.file=${configFile}`,
        `--storage.path=${path.join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${ALERTMANAGER_PORT}`,
        // No HA gossip (its port could collide with anything): one Alertmanager alone.
        '--cluster.listen-address=',
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    await eventually('Alertmanager ready', async () => {
      if (alertmanager?.exitCode !== null)
        throw new Error(`alertmanager exited with ${alertmanager?.exitCode}`);
      return (await fetch(`${amUrl}/-/ready`)).ok;
    });
  });

  afterAll(async () => {
    if (alertmanager && alertmanager.exitCode === null) {
      const exited = new Promise((resolve) => alertmanager!.once('exit', resolve));
      alertmanager.kill('SIGTERM');
      await exited;
    }
    await app?.stop();
    await database?.drop(() => handle?.close());
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Posts alerts to Alertmanager's API, as Prometheus would. */
  async function post(alerts: { instance: string; endsAt?: Date }[], startsAt: Date) {
    const response = await fetch(`${amUrl}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        alerts.map((a) => ({
          labels: { alertname: 'UplinkDown', severity: 'critical', instance: a.instance },
          annotations: { summary: `Uplink down on ${a.instance}` },
          startsAt: startsAt.toISOString(),
          ...(a.endsAt ? { endsAt: a.endsAt.toISOString() } : {}),
          generatorURL: 'http://prometheus.invalid/graph',
        })),
      ),
    });
    expect(response.status).toBe(200);
  }
  const alertsOf = () =>
    handle.db
      .select()
      .from(integrationAlerts)
      .where(eq(integrationAlerts.integrationId, integrationId))
      .orderBy(asc(integrationAlerts.firstSeenAt), asc(integrationAlerts.alertKey));
  const ticketOf = async (id: string) =>
    (await handle.db.select().from(tickets).where(eq(tickets.id, id)))[0]!;
  const eventTypes = async (id: string) =>
    (
      await handle.db
        .select({ type: ticketEvents.type })
        .from(ticketEvents)
        .where(eq(ticketEvents.ticketId, id))
        .orderBy(asc(ticketEvents.seq))
    ).map((e) => e.type);

  it('opens a ticket for a group, adds its second alert, and resolves it once both alerts end', async () => {
    const startsAt = new Date(Date.now() - 60_000);
    const began = Date.now();
    await post([{ instance: 'rtr-01.fra1' }], startsAt);
    const [first] = await eventually('the ticket opening', async () => {
      const rows = await alertsOf();
      return rows.length === 1 && rows[0]!.ticketId ? rows : null;
    });
    const ticketId = first!.ticketId!;
    const opened = await ticketOf(ticketId);
    expect(opened).toMatchObject({ kind: 'outage', priority: 'P1', source: 'alertmanager' });
    expect(first!.status).toBe('firing');

    // The group's second alert: Alertmanager re-sends the group (both alerts) after group_interval.
    await post([{ instance: 'rtr-02.fra1' }], startsAt);
    const both = await eventually('the second alert on the same ticket', async () => {
      const rows = await alertsOf();
      return rows.length === 2 ? rows : null;
    });
    expect(both.map((a) => a.ticketId)).toEqual([ticketId, ticketId]);
    expect(both.map((a) => a.status)).toEqual(['firing', 'firing']);
    expect(new Set(both.map((a) => a.groupKey)).size).toBe(1);
    // Re-sent groups changed nothing: still one ticket, one "fired" entry per alert.
    expect((await eventTypes(ticketId)).filter((t) => t === 'alert.fired')).toHaveLength(2);

    // Both end (endsAt now): Alertmanager sends the group resolved, and the ticket resolves (setting).
    const now = new Date();
    await post(
      [
        { instance: 'rtr-01.fra1', endsAt: now },
        { instance: 'rtr-02.fra1', endsAt: now },
      ],
      startsAt,
    );
    const resolved = await eventually('the ticket resolving', async () => {
      const ticket = await ticketOf(ticketId);
      return ticket.status === 'resolved' ? ticket : null;
    });
    expect(resolved.resolvedAt).not.toBeNull();
    expect((await alertsOf()).map((a) => a.status)).toEqual(['resolved', 'resolved']);
    const types = await eventTypes(ticketId);
    expect(types.filter((t) => t === 'alert.resolved')).toHaveLength(2);
    // The recovery walk follows the resolves, automatic (no person answered this ticket).
    expect(types.lastIndexOf('ticket.transitioned')).toBeGreaterThan(types.lastIndexOf('alert.resolved'));
    // Well under a minute from the first alert to the resolved ticket.
    expect(Date.now() - began).toBeLessThan(60_000);
  });
});

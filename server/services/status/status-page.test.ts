import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database, DatabaseHandle } from '../../../db/client';
import {
  maintenanceServices,
  maintenances,
  maintenanceUpdates,
  organisations,
  statusUpdateComponents,
  statusUpdates,
} from '../../../db/schema';
import { testEngines } from '../../../test/databases';
import { useDemoWorld } from '../../../test/suite';
import { drive, incidentInput, OUTAGE_ROUTES, outageInput } from '../../../test/tickets';
import { type DemoWorld, testClock } from '../../../test/world';
import type {
  ComponentStatus,
  MaintenanceState,
  PublicIncidentStatus,
} from '../../../workflows/status/constants';
import { statuspageDocuments } from '../../../workflows/status/statuspage';
import { publishNotice } from '../security/publish-notice';
import { createTicket } from '../tickets/create';
import { cachedPublicStatus, invalidateStatusSnapshot, STATUS_CACHE_TTL_MS } from './cache';
import { getStatusIncident } from './get-status-incident';
import { getStatusPage } from './get-status-page';
import { getStatusSnapshot, getUptimeBars } from './get-status-snapshot';
import { listIncidentHistory } from './list-incident-history';

const MINUTE = 60_000;
const BASE = { baseUrl: 'https://status.example.test' };
/** 10:00 in New York (Acme's zone, EST: UTC−5) on Friday 2026-11-20. */
const NOW = '2026-11-20T15:00:00.000Z';
const at = (iso: string) => new Date(iso);

/** A public update as the NOC's publishing service writes it (that service is tested on its own). */
async function publishUpdate(
  db: Database,
  ticket: { id: string; organisationId: string },
  publishedAt: Date,
  status: PublicIncidentStatus,
  components: [serviceId: string, status: ComponentStatus][],
  title = 'Website unreachable',
) {
  const [update] = await db
    .insert(statusUpdates)
    .values({
      ticketId: ticket.id,
      organisationId: ticket.organisationId,
      title,
      status,
      body: `We are ${status} (${publishedAt.toISOString()}).`,
      publishedAt,
    })
    .returning();
  if (components.length)
    await db.insert(statusUpdateComponents).values(
      components.map(([serviceId, s]) => ({
        updateId: update!.id,
        serviceId,
        organisationId: ticket.organisationId,
        status: s,
      })),
    );
  return update!;
}

async function insertMaintenance(
  db: Database,
  organisationId: string,
  serviceIds: string[],
  m: {
    title: string;
    state: MaintenanceState;
    scheduledFor: string;
    scheduledUntil: string;
    startedAt?: string;
    completedAt?: string;
  },
) {
  const [row] = await db
    .insert(maintenances)
    .values({
      organisationId,
      title: m.title,
      body: `${m.title}: planned work.`,
      state: m.state,
      scheduledFor: at(m.scheduledFor),
      scheduledUntil: at(m.scheduledUntil),
      startedAt: m.startedAt ? at(m.startedAt) : null,
      completedAt: m.completedAt ? at(m.completedAt) : null,
      createdAt: at('2026-11-01T12:00:00Z'),
      updatedAt: at(m.completedAt ?? m.startedAt ?? '2026-11-01T12:00:00Z'),
    })
    .returning();
  await db
    .insert(maintenanceServices)
    .values(serviceIds.map((serviceId) => ({ maintenanceId: row!.id, serviceId, organisationId })));
  if (m.startedAt)
    await db.insert(maintenanceUpdates).values({
      maintenanceId: row!.id,
      state: 'in_progress',
      body: 'Work has started.',
      actorLabel: 'scheduler',
      createdAt: at(m.startedAt),
    });
  return row!;
}

describe.each(testEngines())('public status page on $engine', ({ open }) => {
  let handle: DatabaseHandle;
  let world: DemoWorld;
  const clock = testClock(NOW);
  const now = () => clock.now();

  useDemoWorld({ open, clock }, (setup) => ({ handle, world } = setup));

  const bar = async (service: string, date: string) => {
    const bars = (await getUptimeBars(handle.db, 'acme', now()))!;
    const id = world.service('acme', service).id;
    return bars.find((b) => b.componentId === id)!.days.find((d) => d.date === date)!;
  };

  it('status comes only from published updates: a new high-impact outage changes nothing until one is published', async () => {
    const noc = await world.as('noc@watchfloor.test');
    const website = world.service('acme', 'website');
    const outage = await createTicket(noc, outageInput(world, { impact: 'high', serviceIds: [website.id] }));
    const before = (await getStatusPage(handle.db, 'acme', now(), BASE))!;
    expect(before.overall).toBe('operational');
    expect(before.activeIncidents).toEqual([]);
    expect(before.groups.flatMap((g) => g.components).every((c) => c.status === 'operational')).toBe(true);

    const organisationId = world.org('acme').id;
    await publishUpdate(handle.db, { id: outage.id, organisationId }, now(), 'investigating', [
      [website.id, 'major_outage'],
    ]);
    const after = (await getStatusPage(handle.db, 'acme', now(), BASE))!;
    expect(after.overall).toBe('major_outage');
    expect(after.indicator).toEqual({ indicator: 'critical', description: 'Major System Outage' });
    const component = after.groups.flatMap((g) => g.components).find((c) => c.id === website.id)!;
    expect(component.status).toBe('major_outage');
    expect(after.activeIncidents).toHaveLength(1);
    const [incident] = after.activeIncidents;
    expect(incident).toMatchObject({
      id: outage.id,
      name: 'Website unreachable',
      status: 'investigating',
      impact: 'critical',
      shortlink: `https://status.example.test/status/acme/incidents/${outage.id}`,
    });
    expect(incident!.updates[0]!.affectedComponents).toEqual([
      { id: website.id, name: 'Website', oldStatus: 'operational', newStatus: 'major_outage' },
    ]);
    // Nothing internal: the ticket number, its description, its people.
    const text = JSON.stringify(after);
    for (const secret of [outage.number, 'AS3356', 'Nico']) expect(text).not.toContain(secret);

    // Resolving the outage ends what its updates set, with no "resolved" update needed.
    clock.advance(20 * MINUTE);
    await drive(await world.as('admin@watchfloor.test'), outage.id, OUTAGE_ROUTES.resolved!);
    const resolved = (await getStatusPage(handle.db, 'acme', now(), BASE))!;
    expect(resolved.overall).toBe('operational');
    expect(resolved.activeIncidents).toEqual([]);
    expect(resolved.recentIncidents.map((i) => [i.id, i.status, i.resolvedAt])).toEqual([
      [outage.id, 'resolved', now()],
    ]);
    expect((await bar('website', '2026-11-20')).downtimeMinutes.major_outage).toBe(20);
  });

  it('uptime bars: hand-computed days, weights, maintenance excluded, never 100 % with downtime', async () => {
    const organisationId = world.org('acme').id;
    const payments = world.service('acme', 'payments').id;
    const api = world.service('acme', 'api').id;
    const noc = await world.as('noc@watchfloor.test');
    const ticket = async () => ({
      id: (await createTicket(noc, outageInput(world, { serviceIds: [payments] }))).id,
      organisationId,
    });
    // 2026-11-19 (New York, 05:00Z → 05:00Z next day): 30 min major, then 60 min partial.
    const a = await ticket();
    await publishUpdate(
      handle.db,
      a,
      at('2026-11-19T14:00:00Z'),
      'investigating',
      [[payments, 'major_outage']],
      'Card payments failing',
    );
    await publishUpdate(
      handle.db,
      a,
      at('2026-11-19T14:30:00Z'),
      'identified',
      [[payments, 'partial_outage']],
      'Card payments failing',
    );
    await publishUpdate(handle.db, a, at('2026-11-19T15:30:00Z'), 'resolved', [], 'Card payments failing');
    // Weighted: 30 × 1 + 60 × 0.3 = 48 of 1,440 minutes → 96.666… % → 96.66 (rounded down).
    expect(await bar('payments', '2026-11-19')).toEqual({
      date: '2026-11-19',
      uptime: '96.66',
      status: 'major_outage',
      downtimeMinutes: { major_outage: 30, partial_outage: 60, degraded_performance: 0 },
      maintenanceMinutes: 0,
      incidents: [{ id: a.id, name: 'Card payments failing' }],
    });

    // 2026-11-18: maintenance 06:00–08:00Z, a major outage 07:00–09:00Z: one hour of it is maintenance.
    await insertMaintenance(handle.db, organisationId, [payments], {
      title: 'Payment gateway upgrade',
      state: 'completed',
      scheduledFor: '2026-11-18T06:00:00Z',
      scheduledUntil: '2026-11-18T08:00:00Z',
      startedAt: '2026-11-18T06:00:00Z',
      completedAt: '2026-11-18T08:00:00Z',
    });
    const b = await ticket();
    await publishUpdate(
      handle.db,
      b,
      at('2026-11-18T07:00:00Z'),
      'investigating',
      [[payments, 'major_outage']],
      'Gateway errors',
    );
    await publishUpdate(handle.db, b, at('2026-11-18T09:00:00Z'), 'resolved', [], 'Gateway errors');
    // 60 of 1,440 − 120 = 1,320 minutes → 95.4545… % → 95.45.
    expect(await bar('payments', '2026-11-18')).toMatchObject({
      uptime: '95.45',
      status: 'major_outage',
      downtimeMinutes: { major_outage: 60, partial_outage: 0, degraded_performance: 0 },
      maintenanceMinutes: 120,
      incidents: [{ id: b.id, name: 'Gateway errors' }],
    });

    // 2026-11-17: one second of major outage on the API: 99.9988… % reads 99.99, never 100.00.
    const c = { id: (await createTicket(noc, outageInput(world, { serviceIds: [api] }))).id, organisationId };
    await publishUpdate(
      handle.db,
      c,
      at('2026-11-17T12:00:00Z'),
      'investigating',
      [[api, 'major_outage']],
      'API blip',
    );
    await publishUpdate(handle.db, c, at('2026-11-17T12:00:01Z'), 'resolved', [], 'API blip');
    expect(await bar('api', '2026-11-17')).toMatchObject({
      uptime: '99.99',
      downtimeMinutes: { major_outage: 1, partial_outage: 0, degraded_performance: 0 },
    });
    // Degraded weighs 0 by default: downtime minutes shown, uptime untouched; the organisation's weight counts.
    const d = { id: (await createTicket(noc, outageInput(world, { serviceIds: [api] }))).id, organisationId };
    await publishUpdate(
      handle.db,
      d,
      at('2026-11-16T12:00:00Z'),
      'investigating',
      [[api, 'degraded_performance']],
      'API slow',
    );
    await publishUpdate(handle.db, d, at('2026-11-16T14:24:00Z'), 'resolved', [], 'API slow');
    expect(await bar('api', '2026-11-16')).toMatchObject({
      uptime: '100.00',
      status: 'degraded_performance',
      downtimeMinutes: { major_outage: 0, partial_outage: 0, degraded_performance: 144 },
    });
    await handle.db
      .update(organisations)
      .set({ weightDegraded: 0.5 })
      .where(eq(organisations.id, organisationId));
    // 144 × 0.5 = 72 of 1,440 → 95.00.
    expect((await bar('api', '2026-11-16')).uptime).toBe('95.00');
    await handle.db
      .update(organisations)
      .set({ weightDegraded: 0 })
      .where(eq(organisations.id, organisationId));

    const bars = (await getUptimeBars(handle.db, 'acme', now()))!;
    const paymentBars = bars.find((x) => x.componentId === payments)!;
    expect(paymentBars.days).toHaveLength(90);
    expect(paymentBars.days.at(-1)!.date).toBe('2026-11-20');
    expect(paymentBars.days[0]!.date).toBe('2026-08-23');
    // A quiet day, and today so far (10 hours), are fully up.
    expect(paymentBars.days[0]).toMatchObject({ uptime: '100.00', status: 'operational', incidents: [] });
    expect(paymentBars.days.at(-1)).toMatchObject({ uptime: '100.00', status: 'operational' });
  });

  it('maintenance: upcoming and in progress on the page, components under maintenance, cancelled ones nowhere', async () => {
    const organisationId = world.org('acme').id;
    const email = world.service('acme', 'email').id;
    const vpn = world.service('acme', 'vpn').id;
    const upcoming = await insertMaintenance(handle.db, organisationId, [vpn], {
      title: 'VPN concentrator firmware',
      state: 'scheduled',
      scheduledFor: '2026-11-22T03:00:00Z',
      scheduledUntil: '2026-11-22T05:00:00Z',
    });
    const running = await insertMaintenance(handle.db, organisationId, [email], {
      title: 'Mail server patching',
      state: 'in_progress',
      scheduledFor: '2026-11-20T14:00:00Z',
      scheduledUntil: '2026-11-20T16:00:00Z',
      startedAt: '2026-11-20T14:00:00Z',
    });
    await insertMaintenance(handle.db, organisationId, [vpn], {
      title: 'Called off datacentre move',
      state: 'cancelled',
      scheduledFor: '2026-11-25T03:00:00Z',
      scheduledUntil: '2026-11-25T05:00:00Z',
    });
    const page = (await getStatusPage(handle.db, 'acme', now(), BASE))!;
    expect(page.maintenances.upcoming.map((m) => m.id)).toEqual([upcoming.id]);
    expect(page.maintenances.inProgress.map((m) => m.id)).toEqual([running.id]);
    const component = page.groups.flatMap((g) => g.components).find((c) => c.id === email)!;
    expect(component.status).toBe('under_maintenance');
    expect(page.overall).toBe('under_maintenance');
    expect(page.indicator).toEqual({ indicator: 'none', description: 'Service Under Maintenance' });
    // Today's 80 minutes of maintenance (14:00Z until now, 15:20Z) is out of the uptime, not downtime.
    expect((await bar('email', '2026-11-20')).maintenanceMinutes).toBe(80);
    expect((await bar('email', '2026-11-20')).uptime).toBe('100.00');

    const snapshot = (await getStatusSnapshot(handle.db, 'acme', now(), BASE))!;
    const summary = statuspageDocuments['summary.json'](snapshot);
    expect(summary.scheduled_maintenances.map((m) => [m.name, m.status])).toEqual([
      ['VPN concentrator firmware', 'scheduled'],
      ['Mail server patching', 'in_progress'],
    ]);
    const active = summary.scheduled_maintenances.find((m) => m.status === 'in_progress')!;
    expect(active.incident_updates[0]!.affected_components).toEqual([
      { code: email, name: 'Email', old_status: 'operational', new_status: 'under_maintenance' },
    ]);
    expect(JSON.stringify(snapshot)).not.toContain('Called off');
    expect(
      statuspageDocuments['components.json'](snapshot).components.find((c) => c.id === email)!.status,
    ).toBe('under_maintenance');
  });

  it('one incident with all its updates by its id; history by month; nothing for other pages or unknown ids', async () => {
    const organisationId = world.org('acme').id;
    const website = world.service('acme', 'website').id;
    const noc = await world.as('noc@watchfloor.test');
    const old = await createTicket(noc, outageInput(world, { serviceIds: [website] }));
    const ticket = { id: old.id, organisationId };
    await publishUpdate(
      handle.db,
      ticket,
      at('2026-06-10T10:00:00Z'),
      'investigating',
      [[website, 'partial_outage']],
      'Slow checkout',
    );
    await publishUpdate(
      handle.db,
      ticket,
      at('2026-06-10T10:30:00Z'),
      'monitoring',
      [[website, 'operational']],
      'Slow checkout',
    );
    await publishUpdate(handle.db, ticket, at('2026-06-10T11:00:00Z'), 'resolved', [], 'Slow checkout');
    const page = (await getStatusIncident(handle.db, 'acme', old.id, now(), BASE))!;
    expect(page.incident).toMatchObject({
      name: 'Slow checkout',
      status: 'resolved',
      impact: 'major',
      monitoringAt: at('2026-06-10T10:30:00Z'),
      resolvedAt: at('2026-06-10T11:00:00Z'),
    });
    expect(page.incident.updates.map((u) => u.status)).toEqual(['resolved', 'monitoring', 'investigating']);
    expect(JSON.stringify(page)).not.toContain(old.number);
    expect(await getStatusIncident(handle.db, 'globex', old.id, now(), BASE)).toBeNull();
    expect(
      await getStatusIncident(handle.db, 'acme', '5d1e8a2c-3f4b-4c6d-9e8f-0a1b2c3d4e5f', now(), BASE),
    ).toBeNull();
    expect(await getStatusIncident(handle.db, 'acme', 'OUT-1001', now(), BASE)).toBeNull();
    // An outage nobody published anything about is no public incident.
    const silent = await createTicket(noc, outageInput(world, { serviceIds: [website] }));
    expect(await getStatusIncident(handle.db, 'acme', silent.id, now(), BASE)).toBeNull();
    // It is outside the 90 days of the page, but in its history (page 1: Aug–Jun).
    expect(
      (await getStatusSnapshot(handle.db, 'acme', now(), BASE))!.incidents.map((i) => i.id),
    ).not.toContain(old.id);
    const first = (await listIncidentHistory(handle.db, 'acme', now(), 0, BASE))!;
    expect(first.months.map((m) => m.month)).toEqual(['2026-11', '2026-10', '2026-09']);
    expect(first.months[0]!.incidents.length).toBeGreaterThan(0);
    expect(first.hasOlder).toBe(true);
    const second = (await listIncidentHistory(handle.db, 'acme', now(), 1, BASE))!;
    expect(second.months.map((m) => [m.month, m.incidents.map((i) => i.name)])).toEqual([
      ['2026-08', []],
      ['2026-07', []],
      ['2026-06', ['Slow checkout']],
    ]);
    expect(second.hasOlder).toBe(false);
  });

  it('security incidents never appear, only public notices; a page that is not public is no page', async () => {
    const soc = await world.as('soc@watchfloor.test');
    const quiet = await createTicket(soc, incidentInput(world, { title: 'Quiet internal matter' }));
    const portalOnly = await createTicket(soc, incidentInput(world, { title: 'Phishing wave' }));
    await publishNotice(soc, {
      id: portalOnly.id,
      title: 'Phishing mails in your tenant',
      body: 'Only your staff should read this.',
      audience: 'customers',
    });
    const noticed = await createTicket(
      soc,
      incidentInput(world, { title: 'Credential stuffing on the VPN' }),
    );
    await publishNotice(soc, {
      id: noticed.id,
      title: 'Suspicious VPN logins blocked',
      body: 'We blocked a burst of suspicious logins. No data was accessed.',
      audience: 'public',
    });
    const page = (await getStatusPage(handle.db, 'acme', now(), BASE))!;
    expect(page.notices).toEqual([
      {
        title: 'Suspicious VPN logins blocked',
        body: 'We blocked a burst of suspicious logins. No data was accessed.',
        publishedAt: now(),
      },
    ]);
    const text = JSON.stringify(page);
    for (const secret of [
      quiet.number,
      noticed.number,
      quiet.id,
      noticed.id,
      'Quiet internal',
      'Credential stuffing',
      'Phishing',
    ])
      expect(text).not.toContain(secret);
    // The JSON documents carry no notice and no security incident at all.
    const snapshot = JSON.stringify((await getStatusSnapshot(handle.db, 'acme', now(), BASE))!);
    for (const secret of [noticed.id, 'Suspicious VPN logins', 'Credential stuffing'])
      expect(snapshot).not.toContain(secret);
    expect((await getStatusPage(handle.db, 'globex', now(), BASE))!.notices).toEqual([]);

    await handle.db
      .update(organisations)
      .set({ statusPagePublic: false })
      .where(eq(organisations.slug, 'globex'));
    expect(await getStatusSnapshot(handle.db, 'globex', now(), BASE)).toBeNull();
    expect(await getStatusPage(handle.db, 'globex', now(), BASE)).toBeNull();
    expect(await getUptimeBars(handle.db, 'globex', now())).toBeNull();
    expect(await listIncidentHistory(handle.db, 'globex', now(), 0, BASE)).toBeNull();
    expect(await getStatusSnapshot(handle.db, 'watchfloor', now(), BASE)).toBeNull();
    expect(await getStatusSnapshot(handle.db, 'no-such-page', now(), BASE)).toBeNull();
    await handle.db
      .update(organisations)
      .set({ statusPagePublic: true })
      .where(eq(organisations.slug, 'globex'));
  });

  it('the cache serves a page for its TTL, shares one read, and is dropped by invalidateStatusSnapshot', async () => {
    invalidateStatusSnapshot();
    const t0 = now();
    const [first, concurrent] = await Promise.all([
      cachedPublicStatus(handle.db, 'acme', t0, BASE),
      cachedPublicStatus(handle.db, 'acme', t0, BASE),
    ]);
    expect(concurrent).toBe(first);
    const doc = first!.document('summary.json');
    expect(first!.document('summary.json')).toBe(doc);
    expect(doc.etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    const later = new Date(t0.getTime() + STATUS_CACHE_TTL_MS - 1);
    expect(await cachedPublicStatus(handle.db, 'acme', later, BASE)).toBe(first);
    // Another origin is another document (absolute links).
    expect(await cachedPublicStatus(handle.db, 'acme', t0, { baseUrl: 'http://other.test' })).not.toBe(first);
    const expired = await cachedPublicStatus(
      handle.db,
      'acme',
      new Date(t0.getTime() + STATUS_CACHE_TTL_MS),
      BASE,
    );
    expect(expired).not.toBe(first);
    invalidateStatusSnapshot('acme');
    expect(await cachedPublicStatus(handle.db, 'acme', t0, BASE)).not.toBe(expired);
    expect(await cachedPublicStatus(handle.db, 'no-such-page', t0, BASE)).toBeNull();
    invalidateStatusSnapshot();
  });
});

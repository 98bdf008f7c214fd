import { asc, eq, inArray, isNotNull, lte } from 'drizzle-orm';
import type { Database, Transaction } from '../../../db/client';
import { type Integration, integrationAlerts, integrations, tickets } from '../../../db/schema';
import type { IntegrationKind } from '../../../workflows/integrations/constants';
import { recoverySteps } from '../../../workflows/integrations/ticket-fields';
import type { OutageStatus, TicketSource } from '../../../workflows/tickets/constants';
import type { ServiceContext } from '../kernel/context';
import { integrationActor } from './authenticate';
import { firingAlerts, type IngestScope, lockGroups, recoverWith } from './internal/apply';

const SOURCE_OF: Record<IntegrationKind, TicketSource> = {
  alertmanager: 'alertmanager',
  events_v2: 'events-v2',
  heartbeat: 'heartbeat',
};

export interface FlapRecheckSweep {
  /** Resolved flapping alerts whose flap window had passed, taken off the queue. */
  alerts: number;
  /** Tickets that then had no alert firing (nor flapping) and were walked to recovery. */
  recovered: number;
  /** Tickets whose re-check failed: rolled back alone, and tried again after RETRY_AFTER_MS. */
  failed: number;
}

/** How long a ticket whose re-check failed waits before the next try. */
export const RETRY_AFTER_MS = 60_000;

type AlertRow = typeof integrationAlerts.$inferSelect;

/**
 * The scheduler's flap re-check lane, one batch in one transaction. A flapping alert's resolve walks no
 * ticket (internal/apply.ts), so a ticket held open by flapping would otherwise wait for a delivery that
 * may never come. Resolved flapping alerts are queued by a trigger (migration 0020) for the moment their
 * flap window has passed; this claims the due ones (SKIP LOCKED: concurrent workers take disjoint batches)
 * and re-checks each of their tickets (recheckTicket). Either way the alerts leave the queue: a ticket
 * still held by another alert is walked by that alert's resolve (or its own re-check). Time is the
 * caller's (`now`).
 */
export async function sweepFlapRechecks(db: Database, now: Date, batchSize = 100): Promise<FlapRecheckSweep> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ alert: integrationAlerts, integration: integrations })
      .from(integrationAlerts)
      .innerJoin(integrations, eq(integrations.id, integrationAlerts.integrationId))
      .where(lte(integrationAlerts.flapRecheckAt, now))
      .orderBy(asc(integrationAlerts.flapRecheckAt))
      .limit(batchSize)
      .for('update', { of: integrationAlerts, skipLocked: true });
    if (due.length === 0) return { alerts: 0, recovered: 0, failed: 0 };

    const byTicket = new Map<string, { integration: Integration; alerts: AlertRow[] }>();
    for (const { alert, integration } of due) {
      if (!alert.ticketId) continue;
      const entry = byTicket.get(alert.ticketId) ?? { integration, alerts: [] };
      entry.alerts.push(alert);
      byTicket.set(alert.ticketId, entry);
    }
    let recovered = 0;
    let failed = 0;
    const retry = new Set<string>();
    for (const [ticketId, { integration, alerts }] of byTicket) {
      try {
        // A savepoint per ticket: one that fails (a bug, a write refused) neither rolls back the others
        // nor blocks the lane (nor the lanes after it in the scheduler's round).
        if (await tx.transaction((sp) => recheckTicket(sp, now, ticketId, integration, alerts))) recovered++;
      } catch {
        failed++;
        for (const a of alerts) retry.add(a.id);
      }
    }
    const done = due.map((d) => d.alert.id).filter((id) => !retry.has(id));
    if (done.length)
      await tx
        .update(integrationAlerts)
        .set({ flapRecheckAt: null })
        .where(inArray(integrationAlerts.id, done));
    if (retry.size)
      await tx
        .update(integrationAlerts)
        .set({ flapRecheckAt: new Date(now.getTime() + RETRY_AFTER_MS) })
        .where(inArray(integrationAlerts.id, [...retry]));
    return { alerts: due.length, recovered, failed };
  });
}

/**
 * One ticket's re-check: takes the group locks a delivery takes, then asks what a delivery's last resolve
 * asks: does any alert still fire or flap? If none does, the ticket recovers through the very same walk
 * (`recoverWith`: to monitoring or resolved per the integration's setting, automatic, audited), after one
 * timeline note saying why. Answers whether it walked.
 */
async function recheckTicket(
  tx: Transaction,
  now: Date,
  ticketId: string,
  integration: Integration,
  alerts: readonly AlertRow[],
): Promise<boolean> {
  const actor = integrationActor(integration);
  const scope: IngestScope = { tx, integration, actor, now, source: SOURCE_OF[integration.kind] };
  // A delivery of this group waits for us (and we for it): it cannot attach a new alert to a ticket this
  // walk is resolving, nor can this walk miss an alert a delivery is adding.
  await lockGroups(
    scope,
    alerts.map((a) => a.groupKey),
  );
  const ctx: ServiceContext = { db: tx as unknown as Database, actor, now: () => now };
  if (!(await walkable(ctx, integration, ticketId))) return false;
  if ((await firingAlerts(ctx, integration, ticketId)) > 0) return false;
  const last = alerts.reduce((a, b) => (b.lastSeenAt > a.lastSeenAt ? b : a));
  await recoverWith(ctx, integration, ticketId, [
    {
      type: 'alert.flap_settled',
      payload: {
        integrationId: integration.id,
        integration: integration.name,
        key: last.alertKey,
        summary: last.summary,
        lastSeenAt: last.lastSeenAt.toISOString(),
        flapWindowMinutes: integration.flapWindowMinutes,
      },
    },
  ]);
  return true;
}

/**
 * Whether the recovery walk has a step to take from the ticket's status: an outage before monitoring (or
 * before resolved, per the setting). A ticket resolved, closed or on hold in the meantime, or a security
 * incident (which the walk never moves), is left as it is, and gets no note either.
 */
async function walkable(ctx: ServiceContext, integration: Integration, ticketId: string): Promise<boolean> {
  const [ticket] = await ctx.db
    .select({ kind: tickets.kind, status: tickets.status })
    .from(tickets)
    .where(eq(tickets.id, ticketId));
  if (ticket?.kind !== 'outage') return false;
  return recoverySteps(ticket.status as OutageStatus, integration.resolveBehaviour).length > 0;
}

/** When the next flap re-check falls due (the scheduler sleeps no longer than that), or null. */
export async function nextFlapRecheckDue(db: Database): Promise<Date | null> {
  const [row] = await db
    .select({ at: integrationAlerts.flapRecheckAt })
    .from(integrationAlerts)
    .where(isNotNull(integrationAlerts.flapRecheckAt))
    .orderBy(asc(integrationAlerts.flapRecheckAt))
    .limit(1);
  return row?.at ?? null;
}

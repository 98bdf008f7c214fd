import { and, eq, gte, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Database, Transaction } from '../../../../db/client';
import {
  type Integration,
  type IntegrationAlert,
  integrationAlerts,
  maintenanceServices,
  maintenances,
  type Ticket,
  tickets,
} from '../../../../db/schema';
import { queryRows } from '../../../../db/sql';
import { flapWindowStart, isFlapping, joinsGroup } from '../../../../workflows/integrations/grouping';
import { type RoutingRule, routeAlert } from '../../../../workflows/integrations/routing';
import { recoverySteps, ticketFields } from '../../../../workflows/integrations/ticket-fields';
import type { LifecycleEvent } from '../../../../workflows/machines';
import type { OutageStatus, TicketSource } from '../../../../workflows/tickets/constants';
import { correlateDelivery } from '../../correlation/internal/link-alerts';
import type { NewTicketEvent } from '../../kernel/chain';
import type { Actor, ServiceContext } from '../../kernel/context';
import { hasEffects, type TicketEffects } from '../../kernel/effects';
import { changeTicketIn, type TicketUpdate } from '../../kernel/engine';
import { forbidden, ServiceError } from '../../kernel/errors';
import { parseInput } from '../../kernel/parse';
import { PendingWrites } from '../../kernel/pending-writes';
import { insertTickets } from '../../tickets/create';
import { createTicketInput } from '../../tickets/schemas';
import { decideLifecycleEvent } from '../../tickets/transition';
import {
  type AlertResult,
  boundedDetails,
  boundedLabels,
  type IncomingAlert,
  ticketDedupKey,
} from './alerts';

// The one place alerts become ticket changes. Runs inside the caller's transaction (`tx`), so a delivery
// commits whole or not at all; every ticket change goes through createTicket's insertTickets or
// changeTicketIn (steps of that transaction, without savepoints: a refusal writes nothing, and a database
// error fails the delivery whole, which deliver retries), audited and announced like any other. Writes that
// nothing of the delivery reads again are held (scope.pending) and sent in one statement.
//
// Serialisation: each group's deliveries take a transaction-scoped advisory lock on (integration, group)
// before reading, so two identical deliveries at the same moment run one after the other and the second
// sees the first's alerts as repeats. The partial unique index on live alerts backs this up: should two
// groups race for one fingerprint, the loser's insert fails and the whole delivery is retried.

export interface IngestScope {
  tx: Transaction;
  integration: Integration;
  actor: Actor;
  now: Date;
  source: TicketSource;
  /**
   * Where writes nothing of the delivery reads again are held, to go in one statement with the delivery's
   * record (internal/deliver.ts). Without it, applyAlerts holds and sends them itself.
   */
  pending?: PendingWrites;
  /** Called with the delivery's results once they are known, before its tickets change (deliver's record). */
  record?: (results: readonly AlertResult[]) => void;
}

/** A scope whose held writes are its own. */
type HeldScope = IngestScope & { pending: PendingWrites };

interface TicketWork {
  events: NewTicketEvent[];
  reopen: boolean;
  /** An alert on it resolved: once none fires, the ticket recovers. */
  recovered: boolean;
  acknowledge: boolean;
}

function scopeContext(scope: IngestScope): ServiceContext {
  return { db: scope.tx as unknown as Database, actor: scope.actor, now: () => scope.now };
}

const authorizeFor = (integration: Integration) => (ticket: Ticket) => {
  if (ticket.organisationId !== integration.organisationId)
    throw forbidden('This integration routes to another organisation');
};

export async function lockGroups(scope: IngestScope, groupKeys: readonly string[]): Promise<void> {
  for (const groupKey of [...new Set(groupKeys)].sort()) {
    await scope.tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`${scope.integration.id}\n${groupKey}`}, 0))`,
    );
  }
}

/** What a delivery needs of a live alert: not its labels, annotations or details (a storm's kilobytes). */
type LiveAlert = Pick<IntegrationAlert, 'id' | 'alertKey' | 'ticketId' | 'status' | 'flapping'>;

async function liveAlerts(scope: IngestScope, keys: readonly string[]): Promise<Map<string, LiveAlert>> {
  if (keys.length === 0) return new Map();
  const rows = await scope.tx
    .select({
      id: integrationAlerts.id,
      alertKey: integrationAlerts.alertKey,
      ticketId: integrationAlerts.ticketId,
      status: integrationAlerts.status,
      flapping: integrationAlerts.flapping,
    })
    .from(integrationAlerts)
    .where(
      and(
        eq(integrationAlerts.integrationId, scope.integration.id),
        inArray(integrationAlerts.alertKey, [...keys]),
        isNull(integrationAlerts.closedAt),
      ),
    );
  return new Map(rows.map((r) => [r.alertKey, r]));
}

/** What placing a group's new alerts needs to know of their ticket, read with the group's placement. */
type TargetTicket = Pick<Ticket, 'id' | 'kind' | 'status' | 'createdAt' | 'resolvedAt'>;
type GroupTarget =
  | { type: 'open'; ticket: TargetTicket }
  | { type: 'reopen'; ticket: TargetTicket }
  | { type: 'new' };

interface Placement {
  target: GroupTarget;
  /** Live alerts the target ticket holds (the partial index on live alerts answers, not its history). */
  held: number;
  /** Maintenance in progress covers one of the services a new ticket would name (its alerts are expected). */
  underMaintenance: boolean;
}

interface PlacementRow {
  ticket: {
    id: string;
    kind: Ticket['kind'];
    status: Ticket['status'];
    createdAt: string;
    resolvedAt: string | null;
    lastSeenAt: string;
    held: number;
  } | null;
  maintenance: boolean;
}

/**
 * Where a group's new alerts go, in one read: its open ticket (while the grouping window and max life
 * allow, or always for `flapping` alerts: they stay on their ticket), one resolved within the reopen
 * window, or a new one; how many live alerts that ticket holds; and whether maintenance in progress covers
 * `serviceIds` (the services a new ticket would name).
 */
async function placementOf(
  scope: IngestScope,
  groupKey: string,
  flapping: boolean,
  serviceIds: readonly string[],
): Promise<Placement> {
  const [row] = await queryRows<PlacementRow>(
    scope.tx,
    sql`select
          (select json_build_object('id', t.id, 'kind', t.kind, 'status', t.status, 'createdAt', t.created_at,
             'resolvedAt', t.resolved_at, 'lastSeenAt', a.last_seen_at,
             'held', (select count(*) from ${integrationAlerts} h where h.ticket_id = t.id and h.closed_at is null))
           from ${integrationAlerts} a join ${tickets} t on t.id = a.ticket_id
           where a.integration_id = ${scope.integration.id} and a.group_key = ${groupKey}
           order by t.status not in ('resolved', 'closed') desc, a.last_seen_at desc
           limit 1) as ticket,
          exists (select 1 from ${maintenanceServices} ms join ${maintenances} m on m.id = ms.maintenance_id
                  where m.state = 'in_progress'
                    and ms.service_id in (select jsonb_array_elements_text(${JSON.stringify(serviceIds)}::jsonb)::uuid)
          ) as maintenance`,
  );
  const found = row?.ticket;
  const underMaintenance = row?.maintenance === true;
  if (!found) return { target: { type: 'new' }, held: 0, underMaintenance };
  const ticket: TargetTicket = {
    id: found.id,
    kind: found.kind,
    status: found.status,
    createdAt: new Date(found.createdAt),
    resolvedAt: found.resolvedAt === null ? null : new Date(found.resolvedAt),
  };
  const held = Number(found.held);
  const target = (type: GroupTarget['type']): Placement => ({
    target: type === 'new' ? { type } : { type, ticket },
    held: type === 'new' ? 0 : held,
    underMaintenance,
  });
  if (ticket.status !== 'resolved' && ticket.status !== 'closed')
    return flapping ||
      joinsGroup(
        scope.integration,
        { lastSeenAt: new Date(found.lastSeenAt), openedAt: ticket.createdAt },
        scope.now,
      )
      ? target('open')
      : target('new');
  const windowMs = scope.integration.reopenWindowMinutes * 60_000;
  if (
    ticket.kind === 'outage' &&
    ticket.status === 'resolved' &&
    windowMs > 0 &&
    ticket.resolvedAt &&
    scope.now.getTime() - ticket.resolvedAt.getTime() <= windowMs
  )
    return target('reopen');
  return target('new');
}

function alertEvent(
  scope: IngestScope,
  type: string,
  alert: IncomingAlert,
  extra: Record<string, unknown> = {},
) {
  return {
    type,
    payload: {
      integrationId: scope.integration.id,
      integration: scope.integration.name,
      source: scope.source,
      key: alert.key,
      summary: alert.summary,
      labels: boundedLabels(alert.labels),
      ...extra,
    },
  } satisfies NewTicketEvent;
}

function alertRow(
  scope: IngestScope,
  alert: IncomingAlert,
  ticketId: string | null,
  status: 'firing' | 'suppressed',
  flapping = false,
) {
  return {
    integrationId: scope.integration.id,
    alertKey: alert.key,
    groupKey: alert.groupKey,
    ticketId,
    status,
    summary: alert.summary.slice(0, 1024),
    labels: boundedLabels(alert.labels),
    annotations: boundedLabels(alert.annotations),
    details: boundedDetails(alert.details),
    startsAt: alert.startsAt,
    firstSeenAt: scope.now,
    lastSeenAt: scope.now,
    flapping,
  };
}

/**
 * New alert rows in one INSERT whose rows travel as one JSON parameter: the same SQL for any number of
 * alerts, and no per-row statement building (a storm's hundred alerts were fifteen hundred parameters).
 */
function insertAlertRows(rows: readonly ReturnType<typeof alertRow>[]): SQL {
  const json = JSON.stringify(
    rows.map((r) => ({
      integration_id: r.integrationId,
      alert_key: r.alertKey,
      group_key: r.groupKey,
      ticket_id: r.ticketId,
      status: r.status,
      summary: r.summary,
      labels: r.labels,
      annotations: r.annotations,
      details: r.details,
      starts_at: r.startsAt?.toISOString() ?? null,
      first_seen_at: r.firstSeenAt.toISOString(),
      last_seen_at: r.lastSeenAt.toISOString(),
      flapping: r.flapping,
    })),
  );
  return sql`insert into ${integrationAlerts} (integration_id, alert_key, group_key, ticket_id, status, summary,
      labels, annotations, details, starts_at, first_seen_at, last_seen_at, flapping)
    select integration_id, alert_key, group_key, ticket_id, status, summary, labels, annotations, details,
      starts_at, first_seen_at, last_seen_at, coalesce(flapping, false)
    from jsonb_to_recordset(${json}::jsonb) as a(integration_id uuid, alert_key text, group_key text,
      ticket_id uuid, status text, summary text, labels jsonb, annotations jsonb, details jsonb,
      starts_at timestamptz, first_seen_at timestamptz, last_seen_at timestamptz, flapping boolean)`;
}

/** Alerts heard again: last seen now, once more (one statement for all of them). */
function seenAgain(scope: HeldScope, ids: readonly string[]): void {
  if (ids.length === 0) return;
  scope.pending.add(
    scope.tx
      .update(integrationAlerts)
      .set({ lastSeenAt: scope.now, seenCount: sql`${integrationAlerts.seenCount} + 1` })
      .where(inArray(integrationAlerts.id, [...ids]))
      .getSQL(),
  );
}

/** Firing and resolved alerts of one delivery, applied: tracked, on their tickets, tickets moved. */
export async function applyAlerts(
  outer: IngestScope,
  incoming: readonly IncomingAlert[],
): Promise<AlertResult[]> {
  const scope: HeldScope = { ...outer, pending: outer.pending ?? new PendingWrites() };
  const { tx, integration, now } = scope;
  // One delivery names an alert once; should it name one twice, its last word counts.
  const alerts = [...new Map(incoming.map((a) => [a.key, a])).values()];
  // An Events v2 trigger grouped under payload.group also takes its dedup key's lock, the one its
  // acknowledge and resolve (which name no group) take. (Alertmanager's alerts always come by group.)
  const ownKeys = scope.integration.kind === 'events_v2';
  await lockGroups(
    scope,
    alerts.flatMap((a) => (ownKeys && a.groupKey !== a.key ? [a.groupKey, a.key] : [a.groupKey])),
  );
  const live = await liveAlerts(
    scope,
    alerts.map((a) => a.key),
  );
  const work = new Map<string, TicketWork>();
  const workOn = (ticketId: string) => {
    let w = work.get(ticketId);
    if (!w) {
      w = { events: [], reopen: false, recovered: false, acknowledge: false };
      work.set(ticketId, w);
    }
    return w;
  };
  const results: AlertResult[] = [];
  // One statement per kind of change for the whole delivery, not one per alert (a storm's round trips).
  const repeatedIds: string[] = [];
  const resolvedIds: string[] = [];

  for (const groupKey of [...new Set(alerts.map((a) => a.groupKey))]) {
    const group = alerts.filter((a) => a.groupKey === groupKey);
    const fresh: IncomingAlert[] = [];
    for (const alert of group) {
      const row = live.get(alert.key);
      if (alert.status === 'resolved') {
        if (!row) {
          // Resolve before trigger, or a re-sent resolve: nothing is open under this key.
          results.push({ key: alert.key, outcome: 'ignored', ticketId: null });
          continue;
        }
        resolvedIds.push(row.id);
        // A flapping alert's resolve is no news, nor does it recover its ticket (firingAlerts).
        if (row.ticketId && row.status === 'firing' && !row.flapping) {
          const w = workOn(row.ticketId);
          w.events.push(alertEvent(scope, 'alert.resolved', alert));
          w.recovered = true;
        }
        results.push({
          key: alert.key,
          outcome: 'resolved',
          ticketId: row.status === 'firing' ? row.ticketId : null,
        });
      } else if (row?.status === 'firing') {
        repeatedIds.push(row.id);
        results.push({ key: alert.key, outcome: 'repeated', ticketId: row.ticketId });
      } else {
        fresh.push(alert);
      }
    }
    if (fresh.length) results.push(...(await placeFresh(scope, groupKey, fresh, live, workOn)));
  }
  if (resolvedIds.length)
    scope.pending.add(
      tx
        .update(integrationAlerts)
        .set({
          status: 'resolved',
          resolvedAt: now,
          closedAt: now,
          lastSeenAt: now,
          seenCount: sql`${integrationAlerts.seenCount} + 1`,
        })
        .where(inArray(integrationAlerts.id, resolvedIds))
        .getSQL(),
    );
  seenAgain(scope, repeatedIds);
  scope.record?.(results);

  // What is held is written before the tickets change: their commands count the alerts still firing.
  if (work.size) await scope.pending.flush(tx);
  const ctx = scopeContext(scope);
  for (const [ticketId, w] of work) await settleTicket(ctx, integration, ticketId, w);
  // Cross-team correlation (issue #14): alerts naming an open incident's observables link to it; what is
  // held (a new ticket, its alerts) is written before any link to it.
  await correlateDelivery(tx, integration, alerts, results, now, () => scope.pending.flush(tx));
  if (!outer.pending) await scope.pending.flush(tx);
  return results;
}

/** New firing alerts of a group (or suppressed ones firing again): on the group's ticket, a new one, or suppressed. */
async function placeFresh(
  scope: HeldScope,
  groupKey: string,
  fresh: readonly IncomingAlert[],
  live: ReadonlyMap<string, LiveAlert>,
  workOn: (ticketId: string) => TicketWork,
): Promise<AlertResult[]> {
  const { tx, integration, now } = scope;
  // Its reads see the alerts as this delivery left them so far (an earlier group's, when there are several).
  await scope.pending.flush(tx);
  const flaps = await flapStates(scope, fresh);
  // Routed now (pure) so the placement read can ask about maintenance of the services it names.
  const routing = routeAlert(
    integration.routingRules as RoutingRule[],
    fresh[0]!.facts,
    integration.defaultServiceId,
  );
  const placement = await placementOf(
    scope,
    groupKey,
    fresh.every((a) => flaps.get(a.key)?.flapping),
    routing.kind === 'outage' ? routing.serviceIds : [],
  );
  const { target } = placement;
  // How many alerts the ticket holds once these join it (the timeline shows it on each fire).
  const held = placement.held + fresh.length;
  // A flapping alert's fires add one "flapping" note to the timeline, then nothing more while it flaps.
  const firedEvents = fresh.flatMap((a): NewTicketEvent[] => {
    const flap = flaps.get(a.key);
    if (!flap?.flapping)
      return [alertEvent(scope, 'alert.fired', a, { startsAt: a.startsAt, alertsOnTicket: held })];
    return flap.noted ? [] : [alertEvent(scope, 'alert.flapping', a, { fires: flap.fires })];
  });
  let ticketId: string;
  let outcome: 'attached' | 'reopened' | 'opened';
  if (target.type !== 'new') {
    ticketId = target.ticket.id;
    outcome = target.type === 'open' ? 'attached' : 'reopened';
    const w = workOn(ticketId);
    w.reopen ||= target.type === 'reopen';
    w.events.push(...firedEvents);
  } else {
    const first = fresh[0]!;
    // Maintenance explains an outage's alerts; it explains no attack, so security alerts always open.
    if (routing.kind === 'outage' && placement.underMaintenance) {
      seenAgain(
        scope,
        fresh.flatMap((a) => live.get(a.key)?.id ?? []),
      );
      const unseen = fresh.filter((a) => !live.has(a.key));
      if (unseen.length)
        scope.pending.add(insertAlertRows(unseen.map((a) => alertRow(scope, a, null, 'suppressed'))));
      return fresh.map((a) => ({ key: a.key, outcome: 'suppressed', ticketId: null }));
    }
    const fields = ticketFields(routing, first.ticketSummary, first.description);
    const input = parseInput(createTicketInput, { ...fields, organisationId: integration.organisationId });
    // Held with the delivery's other writes: nothing reads the new ticket before they are sent.
    const [created] = await insertTickets(
      tx,
      scope.actor,
      [
        {
          input,
          options: {
            source: scope.source,
            dedupKey: ticketDedupKey(groupKey),
            events: [
              {
                type: 'alert.routed',
                payload: { integrationId: integration.id, matchedRules: routing.matchedRules },
              },
              ...firedEvents,
            ],
          },
        },
      ],
      now,
      scope.pending,
    );
    ticketId = created!.id;
    outcome = 'opened';
  }
  // Suppressed ones firing again now have a ticket; the rest are new rows, in one insert.
  const again = fresh.flatMap((a) => live.get(a.key)?.id ?? []);
  if (again.length)
    scope.pending.add(
      tx
        .update(integrationAlerts)
        .set({
          status: 'firing',
          ticketId,
          lastSeenAt: now,
          seenCount: sql`${integrationAlerts.seenCount} + 1`,
        })
        .where(inArray(integrationAlerts.id, again))
        .getSQL(),
    );
  const unseen = fresh.filter((a) => !live.has(a.key));
  if (unseen.length)
    scope.pending.add(
      insertAlertRows(unseen.map((a) => alertRow(scope, a, ticketId, 'firing', flaps.get(a.key)?.flapping))),
    );
  return fresh.map((a) => ({ key: a.key, outcome, ticketId }));
}

interface FlapState {
  flapping: boolean;
  /** Its flapping was already noted on the timeline (an earlier fire within the window flapped). */
  noted: boolean;
  /** Fires within the flap window, this one included. */
  fires: number;
}

/** For each alert firing anew: whether it flaps, from its earlier fires (rows) within the flap window. */
async function flapStates(
  scope: IngestScope,
  fresh: readonly IncomingAlert[],
): Promise<Map<string, FlapState>> {
  const { integration, now } = scope;
  const states = new Map<string, FlapState>();
  if (integration.flapThreshold <= 0) return states;
  const earlier = await scope.tx
    .select({
      alertKey: integrationAlerts.alertKey,
      firstSeenAt: integrationAlerts.firstSeenAt,
      flapping: integrationAlerts.flapping,
    })
    .from(integrationAlerts)
    .where(
      and(
        eq(integrationAlerts.integrationId, integration.id),
        inArray(
          integrationAlerts.alertKey,
          fresh.map((a) => a.key),
        ),
        gte(integrationAlerts.firstSeenAt, flapWindowStart(integration, now)),
      ),
    );
  for (const alert of fresh) {
    const rows = earlier.filter((r) => r.alertKey === alert.key);
    states.set(alert.key, {
      flapping: isFlapping(
        integration,
        rows.map((r) => r.firstSeenAt),
        now,
      ),
      noted: rows.some((r) => r.flapping),
      fires: rows.length + 1,
    });
  }
  return states;
}

/** Events v2 acknowledge: the alert's ticket hears of it, and a new outage is acknowledged. */
export async function acknowledgeAlert(scope: IngestScope, key: string): Promise<AlertResult> {
  await lockGroups(scope, [key]);
  const row = (await liveAlerts(scope, [key])).get(key);
  if (row?.status !== 'firing' || !row.ticketId) return { key, outcome: 'ignored', ticketId: null };
  await scope.tx
    .update(integrationAlerts)
    .set({ lastSeenAt: scope.now, seenCount: sql`${integrationAlerts.seenCount} + 1` })
    .where(eq(integrationAlerts.id, row.id));
  await settleTicket(scopeContext(scope), scope.integration, row.ticketId, {
    events: [
      {
        type: 'alert.acknowledged',
        payload: { integrationId: scope.integration.id, integration: scope.integration.name, key },
      },
    ],
    reopen: false,
    recovered: false,
    acknowledge: true,
  });
  return { key, outcome: 'repeated', ticketId: row.ticketId };
}

/** An existing ticket's share of a delivery: reopened first, then its alert events, then recovery. */
async function settleTicket(ctx: ServiceContext, integration: Integration, ticketId: string, w: TicketWork) {
  const authorize = authorizeFor(integration);
  if (w.reopen) await step(ctx, integration, ticketId, { type: 'REOPEN' });
  // Counted once: nothing below changes which alerts fire (the delivery's alert writes are already sent).
  const recovers = w.recovered && (await firingAlerts(ctx, integration, ticketId)) === 0;
  // Its last alert recovered: the alert events and the recovery walk in one command (recoverWith).
  if (recovers && !w.acknowledge) return recoverWith(ctx, integration, ticketId, w.events);
  // The ticket as the events' command locked it (an event-only change moves neither status nor kind):
  // no second read of the row (a storm's partial resolves, issue #14's benchmark).
  let ticket: Ticket | undefined;
  if (w.events.length)
    await changeTicketIn(ctx.db as unknown as Transaction, ctx, {
      ticketId,
      authorize,
      decide: (locked) => {
        ticket = locked;
        return { events: w.events, result: {} };
      },
    });
  // Some alerts still fire and nobody acknowledged: nothing more to do.
  if (!w.acknowledge && !recovers) return;
  ticket ??= (await ctx.db.select().from(tickets).where(eq(tickets.id, ticketId)))[0];
  if (ticket?.kind !== 'outage') return;
  if (w.acknowledge && ticket.status === 'new') await step(ctx, integration, ticketId, { type: 'ACK' });
  if (recovers) await recoverWith(ctx, integration, ticketId, []);
}

/**
 * How many of the ticket's alerts still fire (this delivery's resolves are already written), counting a
 * flapping one heard within its flap window as firing: a ticket is not walked to recovery while it flaps.
 */
export async function firingAlerts(
  ctx: ServiceContext,
  integration: Integration,
  ticketId: string,
): Promise<number> {
  const [firing] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(integrationAlerts)
    .where(
      and(
        eq(integrationAlerts.ticketId, ticketId),
        // Without flapping (the default) only the live alerts: the partial index on them answers.
        integration.flapThreshold > 0
          ? or(
              and(isNull(integrationAlerts.closedAt), eq(integrationAlerts.status, 'firing')),
              and(
                eq(integrationAlerts.flapping, true),
                gte(integrationAlerts.lastSeenAt, flapWindowStart(integration, ctx.now())),
              ),
            )
          : and(isNull(integrationAlerts.closedAt), eq(integrationAlerts.status, 'firing')),
      ),
    );
  return Number(firing?.n ?? 0);
}

/**
 * A ticket none of whose alerts fires any more: `leading` (its alert events) and the first steps of the
 * automatic recovery walk in one command, the rest of the walk (after a step with effects) in more. An
 * outage's walk starts from its status as locked; another kind of ticket, or a walk the machine refuses
 * at its first step, gets the events alone. Before, the events were a command of their own and the walk
 * another: one lock, one audited write and one announcement fewer per recovery (issue #14's benchmark).
 */
export async function recoverWith(
  ctx: ServiceContext,
  integration: Integration,
  ticketId: string,
  leading: readonly NewTicketEvent[],
): Promise<void> {
  // The walk is automatic: it answers nobody, so the response clock keeps counting (tickets/transition).
  const walk = (ticket: Ticket) =>
    ticket.kind === 'outage'
      ? (recoverySteps(ticket.status as OutageStatus, integration.resolveBehaviour) as LifecycleEvent[])
      : [];
  let rest = await walkSteps(ctx, integration, ticketId, walk, leading);
  while (rest.length) {
    const next = rest;
    rest = await walkSteps(ctx, integration, ticketId, () => next, []);
  }
}

/**
 * Several automatic lifecycle steps of one ticket in one command of the write path (one lock, one audited
 * write, one announcement) instead of one command each, after the `leading` events: each step is decided
 * on the ticket as the steps before it left it, exactly as separate commands would. A step with clock or
 * escalation effects ends the command (the next step's clocks must be read after them): the rest follow
 * in another. `stepsOf` names the steps from the ticket as locked. Resolves the steps still to take (none
 * once the machine refuses one: then what came before it is written, `leading` included, or nothing).
 */
async function walkSteps(
  ctx: ServiceContext,
  integration: Integration,
  ticketId: string,
  stepsOf: (ticket: Ticket) => readonly LifecycleEvent[],
  leading: readonly NewTicketEvent[],
): Promise<readonly LifecycleEvent[]> {
  try {
    return await changeTicketIn(ctx.db as unknown as Transaction, ctx, {
      ticketId,
      authorize: authorizeFor(integration),
      prefetch: { sla: true },
      decide: (ticket, now, prefetched) => {
        const steps = stepsOf(ticket);
        let current = ticket;
        let set: TicketUpdate = {};
        const events: NewTicketEvent[] = [...leading];
        let effects: TicketEffects | undefined;
        let taken = 0;
        let refused = false;
        for (const event of steps) {
          let decision: ReturnType<typeof decideLifecycleEvent>;
          try {
            decision = decideLifecycleEvent(ctx.actor, current, now, event, prefetched, { automatic: true });
          } catch (error) {
            // Refused: what was walked so far (and the leading events) stands, and the walk ends here (a
            // later command would be refused the same on the ticket as this one leaves it).
            if (error instanceof ServiceError && error.code === 'PRECONDITION_FAILED') {
              refused = true;
              break;
            }
            throw error;
          }
          set = { ...set, ...decision.set };
          events.push(...decision.events);
          current = { ...current, ...decision.set } as Ticket;
          taken++;
          if (hasEffects(decision.effects)) {
            effects = decision.effects;
            break;
          }
        }
        const rest = refused ? [] : steps.slice(taken);
        return { set, events, ...(effects ? { effects } : {}), result: { rest } };
      },
    }).then((r) => r.rest);
  } catch (error) {
    // Never with leading events: those must be written, or the delivery fails whole.
    if (leading.length === 0 && error instanceof ServiceError && error.code === 'PRECONDITION_FAILED')
      return [];
    throw error;
  }
}

/** One lifecycle event through the write path; false when the machine refuses it now (nothing written). */
async function step(
  ctx: ServiceContext,
  integration: Integration,
  ticketId: string,
  event: LifecycleEvent,
  options: { automatic?: boolean } = {},
) {
  try {
    await changeTicketIn(ctx.db as unknown as Transaction, ctx, {
      ticketId,
      authorize: authorizeFor(integration),
      prefetch: { sla: true },
      decide: (ticket, now, prefetched) =>
        decideLifecycleEvent(ctx.actor, ticket, now, event, prefetched, options),
    });
    return true;
  } catch (error) {
    if (error instanceof ServiceError && error.code === 'PRECONDITION_FAILED') return false;
    throw error;
  }
}

// Bulk-loads many tickets whose SLA clocks and escalation levels are already overdue on the real clock,
// for scenarios that let production processes (running on the system clock) sweep them. Set-based, as
// bench/sla-sweep.ts loads its million clocks: the machine snapshots come from the pure workflow API
// (startClock, startEscalation), one template per group of tickets created at the same instant, and every
// ticket carries a genuine hash-chained `ticket.created` event, so the audit chains must verify after.
//
// Each clock is a clock started when its ticket was created, nothing fired yet: its warnings and breach
// are due in the past, exactly as if the ticket had been created that long ago and no scheduler had run.

import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../../db/client';
import { escalationPolicies } from '../../db/schema';
import { factsFrom } from '../../server/services/escalations/internal/facts';
import { chainEvents, EMPTY_CHAIN } from '../../server/services/kernel/chain';
import { clockColumns } from '../../server/services/sla/internal/clock-rows';
import type { EscalationLevel } from '../../workflows/escalation';
import { nextEscalationCheckAt, readEscalation, startEscalation } from '../../workflows/escalation';
import { startLifecycle } from '../../workflows/machines';
import { CALENDAR_24X7 } from '../../workflows/sla/calendar';
import { clockRow, startClock } from '../../workflows/sla/clock';
import type { SlaMetric } from '../../workflows/sla/constants';
import { formatTicketNumber } from '../../workflows/tickets/constants';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const WARN_THRESHOLDS = [75, 90] as const;
/** Bulk tickets are numbered from here, clear of the sequence the app numbers its own from. */
export const BULK_NUMBER_BASE = 1_000_000;

/**
 * Ticket i (1…n) is in group i mod 5: how long ago it was created and its clocks' targets. Every check not
 * due yet is at least 25 minutes away, so nothing new comes due while a scenario runs.
 */
export const GROUPS = [
  { age: 3 * HOUR + 5 * MINUTE, response: 4 * HOUR, resolution: 24 * HOUR },
  { age: 45 * MINUTE, response: 30 * MINUTE, resolution: 8 * HOUR },
  { age: 6.5 * HOUR, response: 30 * MINUTE, resolution: 8 * HOUR },
  { age: 7.5 * HOUR, response: 30 * MINUTE, resolution: 8 * HOUR },
  { age: 9 * HOUR, response: 30 * MINUTE, resolution: 8 * HOUR },
] as const;

/**
 * One ticket in fifty (i / 5 ≡ 0 mod 50, so every group has some) has an escalation policy: each goes
 * through the one command path in a transaction of its own (escalations/sweep.ts), some 30 levels/s per
 * core here, where a batch of clocks fires thousands of checks per second.
 */
export const ESCALATING_EVERY = 50;
export const escalates = (i: number) => Math.floor(i / 5) % ESCALATING_EVERY === 0;

/** The NOC is chased after 10 unacknowledged minutes; a response breach calls in the managers. */
export const BULK_ESCALATION: EscalationLevel[] = [
  {
    trigger: { kind: 'unacknowledged', minutes: 10 },
    targets: [{ kind: 'team', id: 'noc' }],
    actions: ['notify'],
  },
  {
    trigger: { kind: 'clock_breached', metric: 'response' },
    targets: [{ kind: 'role', id: 'manager' }],
    actions: ['notify'],
  },
];

export interface OverdueLoad {
  tickets: number;
  clocks: number;
  /** Ticket i's creation instant is `createdAt[i mod 5]`. */
  createdAt: number[];
  /** Wall time of the load (one transaction). */
  loadMs: number;
}

/** What must have fired once the load is swept, written out from the groups (not with the app's maths). */
export function expectedEffects(tickets: number, createdAt: number[], at: number) {
  let checks = 0;
  let levels0 = 0;
  let levels1 = 0;
  let dueClocks = 0;
  for (let i = 1; i <= tickets; i++) {
    const g = GROUPS[i % 5]!;
    const c = createdAt[i % 5]!;
    for (const target of [g.response, g.resolution]) {
      const due = [...WARN_THRESHOLDS.map((p) => (target * p) / 100), target].filter((t) => c + t <= at);
      checks += due.length;
      if (due.length) dueClocks++;
    }
    if (escalates(i)) {
      if (c + 10 * MINUTE <= at) levels0++;
      if (c + g.response <= at) levels1++;
    }
  }
  return { checks, levels0, levels1, dueClocks };
}

function createdEvent(number: number, organisationId: string, status: string) {
  return {
    type: 'ticket.created',
    payload: {
      kind: 'outage',
      number: formatTicketNumber('outage', number),
      title: `Overdue outage ${number}`,
      description: '',
      organisationId,
      serviceIds: [],
      impact: 'medium',
      urgency: 'high',
      priority: 'P2',
      status,
      severity: null,
    },
  };
}

/**
 * Loads `tickets` outage tickets (two clocks each) for `organisationId`, assigned to `assigneeId`, created
 * `GROUPS[i mod 5].age` before `now`, in one transaction that wakes the schedulers (ticket_changed) when
 * it commits.
 */
export async function loadOverdueClocks(
  handle: DatabaseHandle,
  options: { tickets: number; organisationId: string; assigneeId: string; now: number },
): Promise<OverdueLoad> {
  const started = performance.now();
  const now = Math.floor(options.now / 1000) * 1000;
  const createdAt = GROUPS.map((g) => now - g.age);
  const lifecycle = startLifecycle('outage');
  const actor = { type: 'system' as const, label: 'faults' };

  const tickets: { id: string; number: number; created_at: string; hash: string }[] = [];
  const events: ReturnType<typeof chainEvents>['rows'] = [];
  for (let i = 1; i <= options.tickets; i++) {
    const id = randomUUID();
    const number = BULK_NUMBER_BASE + i;
    const at = new Date(createdAt[i % 5]!);
    const chained = chainEvents(id, EMPTY_CHAIN, actor, at, [
      createdEvent(number, options.organisationId, lifecycle.status),
    ]);
    events.push(...chained.rows);
    tickets.push({ id, number, created_at: at.toISOString(), hash: chained.head.hash });
  }

  const clockTemplates = GROUPS.flatMap((g, group) =>
    (['response', 'resolution'] as SlaMetric[]).map((metric) => {
      const targetMs = metric === 'response' ? g.response : g.resolution;
      const machine = startClock({ metric, at: createdAt[group]!, targetMs });
      const columns = clockColumns(clockRow(machine, CALENDAR_24X7));
      return {
        grp: group,
        metric,
        machine,
        target_ms: targetMs,
        due_at: columns.dueAt!.toISOString(),
        next_check_at: columns.nextCheckAt!.toISOString(),
      };
    }),
  );

  await handle.db.transaction(async (tx) => {
    const [policy] = await tx
      .insert(escalationPolicies)
      .values({
        name: 'Faults: chase, then managers',
        levels: BULK_ESCALATION,
        repeat: 0,
        createdAt: new Date(now),
        updatedAt: new Date(now),
      })
      .returning({ id: escalationPolicies.id });
    const escalationTemplates = GROUPS.map((_, group) => {
      const machine = startEscalation({
        policy: { levels: BULK_ESCALATION, repeat: 0 },
        startedAt: createdAt[group]!,
      });
      const clocks = clockTemplates
        .filter((t) => t.grp === group)
        .map((t) => ({ metric: t.metric, machine: t.machine, calendar: null }));
      const facts = factsFrom({ createdAt: new Date(createdAt[group]!), acknowledgedAt: null }, clocks);
      const next = nextEscalationCheckAt(machine, facts);
      return {
        grp: group,
        machine,
        state: readEscalation(machine).state,
        next_check_at: next === null ? null : new Date(next).toISOString(),
      };
    });

    for (let at = 0; at < tickets.length; at += 10_000) {
      await tx.execute(sql`
        insert into tickets (id, kind, number, organisation_id, title, impact, urgency, priority, status,
          security_link, lifecycle, event_seq, event_hash, assignee_id, created_at, updated_at)
        select t.id, 'outage', t.number, ${options.organisationId}, 'Overdue outage ' || t.number, 'medium',
          'high', 'P2', ${lifecycle.status}, ${lifecycle.securityLink ?? null}, ${JSON.stringify(lifecycle.persisted)}::jsonb, 1, t.hash,
          ${options.assigneeId}, t.created_at, t.created_at
        from jsonb_to_recordset(${JSON.stringify(tickets.slice(at, at + 10_000))}::jsonb)
          as t(id uuid, number integer, created_at timestamptz, hash text)`);
    }
    for (let at = 0; at < events.length; at += 5_000) {
      await tx.execute(sql`
        insert into ticket_events (ticket_id, seq, type, actor_type, actor_id, actor_label, payload,
          occurred_at, prev_hash, hash)
        select "ticketId", seq, type, "actorType", "actorId", "actorLabel", payload, "occurredAt", "prevHash", hash
        from jsonb_to_recordset(${JSON.stringify(events.slice(at, at + 5_000))}::jsonb) as e("ticketId" uuid,
          seq integer, type text, "actorType" text, "actorId" uuid, "actorLabel" text, payload jsonb,
          "occurredAt" timestamptz, "prevHash" text, hash text)`);
    }
    await tx.execute(sql`
      insert into sla_clocks (id, ticket_id, metric, subject_key, state, machine, target_ms, elapsed_ms,
        started_at, due_at, next_check_at, warned, updated_at)
      select gen_random_uuid(), t.id, c.metric, '', 'running', c.machine, c.target_ms, 0, t.created_at,
        c.due_at, c.next_check_at, '{}'::integer[], t.created_at
      from tickets t
      join jsonb_to_recordset(${JSON.stringify(clockTemplates)}::jsonb)
        as c(grp integer, metric text, machine jsonb, target_ms bigint, due_at timestamptz,
          next_check_at timestamptz)
        on c.grp = (t.number - ${BULK_NUMBER_BASE}::integer) % 5
      where t.number > ${BULK_NUMBER_BASE}::integer`);
    await tx.execute(sql`
      insert into ticket_escalations (ticket_id, policy_id, machine, state, next_check_at, updated_at)
      select t.id, ${policy!.id}, e.machine, e.state, e.next_check_at, t.created_at
      from tickets t
      join jsonb_to_recordset(${JSON.stringify(escalationTemplates)}::jsonb)
        as e(grp integer, machine jsonb, state text, next_check_at timestamptz)
        on e.grp = (t.number - ${BULK_NUMBER_BASE}::integer) % 5
      where t.number > ${BULK_NUMBER_BASE}::integer
        and ((t.number - ${BULK_NUMBER_BASE}::integer) / 5) % ${ESCALATING_EVERY}::integer = 0`);
    // The schedulers sleep until a ticket changes or their poll: this wakes them on commit.
    await tx.execute(
      sql`select pg_notify('ticket_changed', ${JSON.stringify({ id: tickets[0]!.id, version: 1 })})`,
    );
  });
  await handle.db.execute(sql`analyze`);
  return {
    tickets: options.tickets,
    clocks: options.tickets * 2,
    createdAt,
    loadMs: performance.now() - started,
  };
}

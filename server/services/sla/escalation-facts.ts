import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { businessCalendars, slaClocks, users } from '../../../db/schema';
import {
  type EscalationFacts,
  type EscalationTarget,
  escalationClockFacts,
} from '../../../workflows/escalation';
import type { PersistedClock } from '../../../workflows/sla/clock';
import type { SlaMetric } from '../../../workflows/sla/constants';
import type { Role } from '../../../workflows/tickets/constants';
import { calendarOf } from './clock-rows';

/** What escalation triggers see of a ticket: its creation, acknowledgement and its own clocks. */
export async function escalationFactsOf(
  db: Executor,
  ticket: { id: string; createdAt: Date; acknowledgedAt: Date | null },
): Promise<EscalationFacts> {
  const rows = await db
    .select({ clock: slaClocks, calendar: businessCalendars })
    .from(slaClocks)
    .leftJoin(businessCalendars, eq(businessCalendars.id, slaClocks.calendarId))
    .where(and(eq(slaClocks.ticketId, ticket.id), eq(slaClocks.subjectKey, '')));
  return factsFrom(
    ticket,
    rows.map((r) => ({ metric: r.clock.metric, machine: r.clock.machine, calendar: r.calendar })),
  );
}

export function factsFrom(
  ticket: { createdAt: Date; acknowledgedAt: Date | null },
  clocks: { metric: SlaMetric; machine: PersistedClock; calendar: Parameters<typeof calendarOf>[0] }[],
): EscalationFacts {
  const byMetric: EscalationFacts['clocks'] = {};
  for (const c of clocks) byMetric[c.metric] = escalationClockFacts(c.machine, calendarOf(c.calendar));
  return { createdAt: ticket.createdAt, acknowledgedAt: ticket.acknowledgedAt, clocks: byMetric };
}

const TEAM_ROLES: Record<string, Role> = { noc: 'noc_engineer', soc: 'soc_analyst' };

/** The active staff a level's targets name: a user, a team (its role), or everyone with a role. */
export async function resolveTargets(db: Executor, targets: readonly EscalationTarget[]): Promise<string[]> {
  const userIds = targets.filter((t) => t.kind === 'user').map((t) => t.id);
  const roles = targets
    .filter((t) => t.kind !== 'user')
    .map((t) => (t.kind === 'team' ? TEAM_ROLES[t.id] : (t.id as Role)))
    .filter((r): r is Role => r !== undefined && r !== 'customer');
  const found = new Set<string>();
  if (userIds.length) {
    const rows = await db
      .select({ id: users.id, role: users.role })
      .from(users)
      .where(and(inArray(users.id, userIds), eq(users.active, true)));
    for (const r of rows) if (r.role !== 'customer') found.add(r.id);
  }
  if (roles.length) {
    const rows = await db
      .select({ id: users.id })
      .from(users)
      .where(and(inArray(users.role, roles), eq(users.active, true)));
    for (const r of rows) found.add(r.id);
  }
  // Named users first, in the policy's order: `reassign` takes the first.
  return [...userIds.filter((id) => found.has(id)), ...[...found].filter((id) => !userIds.includes(id))];
}

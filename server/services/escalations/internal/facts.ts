import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Reader } from '../../../../db/client';
import { businessCalendars, slaClocks, users } from '../../../../db/schema';
import {
  type EscalationFacts,
  type EscalationTarget,
  escalationClockFacts,
} from '../../../../workflows/escalation';
import type { PersistedClock } from '../../../../workflows/sla/clock';
import type { SlaMetric } from '../../../../workflows/sla/constants';
import { ROLES, type Role } from '../../../../workflows/tickets/constants';
import { TEAM_ROLES } from '../../escalation-policies/warnings';
import { calendarOf } from '../../sla/internal/clock-rows';

/** What escalation triggers see of a ticket: its creation, acknowledgement and its own clocks. */
export async function escalationFactsOf(
  db: Reader,
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

/** Whom a level's targets name: users by id (in the policy's order), teams as their role, and roles. */
export function targetRecipients(targets: readonly EscalationTarget[]): { users: string[]; roles: Role[] } {
  const users = targets.filter((t) => t.kind === 'user').map((t) => t.id);
  const roles = targets
    .filter((t) => t.kind !== 'user')
    .map((t) => (t.kind === 'team' ? TEAM_ROLES[t.id] : (t.id as Role)))
    .filter((r): r is Role => r !== undefined && (ROLES as readonly string[]).includes(r));
  return { users: [...new Set(users)], roles: [...new Set(roles)] };
}

export interface AssigneeCandidate {
  id: string;
  role: Role;
  active: boolean;
  /** Named by the policy (else a member of a targeted team or role). */
  named: boolean;
}

/**
 * Who `reassign` may pick, in order: the named users as the policy lists them (whatever their state, so
 * a skipped one is recorded), then the active members of the targeted teams and roles by name; and the
 * named ids that match no user.
 */
export async function assigneeCandidates(
  db: Reader,
  recipients: { users: readonly string[]; roles: readonly Role[] },
): Promise<{ candidates: AssigneeCandidate[]; unknown: string[] }> {
  const ids = recipients.users.filter((id) => UUID.test(id));
  const named = ids.length
    ? await db
        .select({ id: users.id, role: users.role, active: users.active })
        .from(users)
        .where(inArray(users.id, ids))
    : [];
  const members = recipients.roles.length
    ? await db
        .select({ id: users.id, role: users.role, active: users.active })
        .from(users)
        .where(and(inArray(users.role, [...recipients.roles]), eq(users.active, true)))
        .orderBy(asc(users.name), asc(users.id))
    : [];
  const byId = new Map(named.map((u) => [u.id, u]));
  return {
    candidates: [
      ...ids.flatMap((id) => (byId.has(id) ? [{ ...byId.get(id)!, named: true }] : [])),
      ...members.filter((m) => !byId.has(m.id)).map((m) => ({ ...m, named: false })),
    ],
    unknown: recipients.users.filter((id) => !byId.has(id)),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

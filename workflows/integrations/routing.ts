import { z } from 'zod';
import {
  type Impact,
  PRIORITIES,
  type Priority,
  type Severity,
  TICKET_KINDS,
  type TicketKind,
  type Urgency,
} from '../tickets/constants';

// Routing rules: an integration's mapping from what an alert says (its labels, or an event's fields) to
// the ticket it opens. Rules run in order; each field (kind, priority, services) is set by the first
// matching rule that names it, so a specific rule placed first wins over a general one below it.

export const routingCondition = z.object({
  /** A label name (Alertmanager) or event field (`severity`, `class`, `custom_details.<key>` …). */
  field: z.string().trim().min(1, 'Name a label or field').max(100, 'At most 100 characters'),
  /** Compared without regard to case. */
  equals: z.string().trim().min(1, 'Give the value to match').max(200, 'At most 200 characters'),
});

export const routingRule = z
  .object({
    when: z.array(routingCondition).min(1, 'A rule needs a condition').max(10, 'At most 10 conditions'),
    kind: z.enum(TICKET_KINDS).optional(),
    priority: z.enum(PRIORITIES).optional(),
    serviceIds: z.array(z.uuid()).min(1).max(20, 'At most 20 services').optional(),
  })
  .refine((r) => r.kind !== undefined || r.priority !== undefined || r.serviceIds !== undefined, {
    message: 'A rule must set the kind, the priority or the services',
    path: ['kind'],
  });
export type RoutingRule = z.output<typeof routingRule>;

export const routingRules = z.array(routingRule).max(50, 'At most 50 rules');

/** What a new integration starts with (DESIGN §2.7's examples), editable by the admin. */
export const DEFAULT_ROUTING_RULES: RoutingRule[] = [
  { when: [{ field: 'category', equals: 'security' }], kind: 'security' },
  { when: [{ field: 'class', equals: 'security' }], kind: 'security' },
  { when: [{ field: 'severity', equals: 'critical' }], priority: 'P1' },
  { when: [{ field: 'severity', equals: 'error' }], priority: 'P2' },
  { when: [{ field: 'severity', equals: 'warning' }], priority: 'P3' },
  { when: [{ field: 'severity', equals: 'info' }], priority: 'P4' },
];

/** An alert's routable facts: label or field name → value. */
export type AlertFacts = Readonly<Record<string, string>>;

export interface Routing {
  kind: TicketKind;
  priority: Priority;
  serviceIds: string[];
  /** Indexes of the rules that matched, for the audit trail. */
  matchedRules: number[];
}

export const DEFAULT_PRIORITY: Priority = 'P3';

const matches = (rule: RoutingRule, facts: AlertFacts) =>
  rule.when.every(
    (c) => Object.hasOwn(facts, c.field) && facts[c.field]!.trim().toLowerCase() === c.equals.toLowerCase(),
  );

export function routeAlert(
  rules: readonly RoutingRule[],
  facts: AlertFacts,
  defaultServiceId: string,
): Routing {
  let kind: TicketKind | undefined;
  let priority: Priority | undefined;
  let serviceIds: string[] | undefined;
  const matchedRules: number[] = [];
  rules.forEach((rule, index) => {
    if (!matches(rule, facts)) return;
    matchedRules.push(index);
    kind ??= rule.kind;
    priority ??= rule.priority;
    serviceIds ??= rule.serviceIds;
  });
  return {
    kind: kind ?? 'outage',
    priority: priority ?? DEFAULT_PRIORITY,
    serviceIds: [...new Set(serviceIds ?? [defaultServiceId])],
    matchedRules,
  };
}

/** The impact × urgency that gives each priority in the ITIL matrix (workflows/tickets/priority.ts). */
export const PRIORITY_INPUTS: Record<Priority, { impact: Impact; urgency: Urgency }> = {
  P1: { impact: 'high', urgency: 'high' },
  P2: { impact: 'high', urgency: 'medium' },
  P3: { impact: 'medium', urgency: 'medium' },
  P4: { impact: 'low', urgency: 'low' },
};

/** A security incident's severity for a routed priority. */
export const PRIORITY_SEVERITY: Record<Priority, Severity> = {
  P1: 'critical',
  P2: 'high',
  P3: 'medium',
  P4: 'low',
};

import type { OutageStatus, Priority, Severity, TicketKind } from '../tickets/constants';
import { PRIORITY_INPUTS, PRIORITY_SEVERITY, type Routing } from './routing';

// From an alert to the fields of the ticket it opens (the createTicket input), and the lifecycle steps
// an outage takes when its alerts recover. Alert text is the source's: it is cut to what a ticket holds
// and stripped of control characters rather than refused (an alert is never lost over its wording).

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 20_000;

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
const CONTROL_EXCEPT_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const cut = (text: string, max: number) =>
  text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;

/** One storable line of at least 3 characters (a ticket title). */
export function titleOf(summary: string): string {
  const line = summary.replace(LONE_SURROGATE, '').replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  return cut(line.length >= 3 ? line : `Alert: ${line || 'no summary'}`, TITLE_MAX);
}

export function descriptionOf(lines: readonly string[]): string {
  const text = lines.join('\n').replace(LONE_SURROGATE, '').replace(CONTROL_EXCEPT_BREAKS, '').trim();
  return cut(text, DESCRIPTION_MAX);
}

export interface AlertTicketFields {
  kind: TicketKind;
  title: string;
  description: string;
  serviceIds: string[];
  impact: 'high' | 'medium' | 'low';
  urgency: 'high' | 'medium' | 'low';
  severity?: Severity;
}

export function ticketFields(
  routing: Routing,
  summary: string,
  description: readonly string[],
): AlertTicketFields {
  const { impact, urgency } = PRIORITY_INPUTS[routing.priority as Priority];
  return {
    kind: routing.kind,
    title: titleOf(summary),
    description: descriptionOf(description),
    serviceIds: routing.serviceIds,
    impact,
    urgency,
    // A routed security incident starts in triage with the severity its priority implies.
    ...(routing.kind === 'security' ? { severity: PRIORITY_SEVERITY[routing.priority] } : {}),
  };
}

/** `key=value` lines of a label set, sorted, for a description. */
export function labelLines(labels: Readonly<Record<string, string>>): string[] {
  return Object.keys(labels)
    .sort()
    .map((key) => `${key}=${labels[key]}`);
}

/**
 * The outage events that take a ticket from `status` to monitoring (or resolved) once all its alerts
 * recovered; none when it is already there, done, or on hold (someone put it there on purpose).
 */
export function recoverySteps(
  status: OutageStatus,
  behaviour: 'monitoring' | 'resolve',
): (
  | { type: 'ACK' | 'INVESTIGATE' | 'FIX' }
  | { type: 'RESOLVE'; resolutionSummary: string; causeCategory: 'unknown' }
)[] {
  const toMonitoring: Partial<Record<OutageStatus, ('ACK' | 'INVESTIGATE' | 'FIX')[]>> = {
    new: ['ACK', 'INVESTIGATE', 'FIX'],
    acknowledged: ['INVESTIGATE', 'FIX'],
    investigating: ['FIX'],
    identified: ['FIX'],
    monitoring: [],
  };
  const path = toMonitoring[status];
  if (!path) return [];
  const steps = path.map((type) => ({ type }));
  return behaviour === 'resolve'
    ? [
        ...steps,
        {
          type: 'RESOLVE',
          resolutionSummary: 'Every alert on this ticket recovered.',
          causeCategory: 'unknown',
        },
      ]
    : steps;
}

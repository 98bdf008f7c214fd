// Which SLA clock commands a ticket transition implies (DESIGN.md §2.4, §1.2 step 4). Pure and
// table-driven: the service applies the commands with `applyClockCommand` inside the transition's
// transaction. Only the ticket's own clocks (response, resolution) follow ticket events; the OLA clocks
// (handoff_acceptance, noc_action) are started and stopped by the handoff and NOC-action services.
//
//   metric      starts      pauses                  stops (met)                            reopens
//   response    creation    —                       outage ACK; security CONFIRM / DISMISS  never
//   resolution  creation    outage on_hold          outage resolved / closed;               leaving a
//                           (RESUME resumes)        security post_incident / closed          stopped status
//
// The table is keyed on statuses, not event names, so any transition into or out of a stopped / paused
// status is covered however it is reached (RESOLVE, DISMISS, CLOSE…). A security REOPEN (closed →
// investigating, managers only) reopens the resolution clock exactly as an outage REOPEN does: the
// incident is live again, and time counts on from where the clock stopped.

import type { TicketKind } from '../tickets/constants';
import type { SlaMetric } from './constants';

export type TicketClockMetric = Extract<SlaMetric, 'response' | 'resolution'>;
export type TicketClockCommand = 'STOP' | 'PAUSE' | 'RESUME' | 'REOPEN';

export interface TicketClockEffect {
  metric: TicketClockMetric;
  command: TicketClockCommand;
}

export interface TicketTransitionFacts {
  kind: TicketKind;
  eventType: string;
  /** Status before and after the transition (the public status, e.g. 'on_hold', 'post_incident'). */
  from: string;
  to: string;
  /**
   * Whether the transition answers the ticket (stops the response clock), when the caller knows better
   * than the event's name: an integration's automatic walk to monitoring sends ACK but is no response
   * (false); a person's first step on a ticket that was walked so is one (true). Default: RESPONSE_EVENTS.
   */
  response?: boolean;
}

/** Events that answer the ticket: they stop the response clock and acknowledge the ticket (escalation). */
export const RESPONSE_EVENTS: Readonly<Record<TicketKind, readonly string[]>> = {
  outage: ['ACK'],
  security: ['CONFIRM', 'DISMISS'],
};

/** Statuses in which the resolution clock is stopped (met or met_late). */
export const RESOLUTION_STOPPED_STATUSES: Readonly<Record<TicketKind, readonly string[]>> = {
  outage: ['resolved', 'closed'],
  // post_incident: recovery is complete; what remains is the review.
  security: ['post_incident', 'closed'],
};

/** Statuses in which the resolution clock is paused. */
export const RESOLUTION_PAUSED_STATUSES: Readonly<Record<TicketKind, readonly string[]>> = {
  outage: ['on_hold'],
  security: [],
};

/** Clocks a new ticket starts with, both at its creation instant. */
export function clocksToStartOnCreate(_kind: TicketKind): TicketClockMetric[] {
  return ['response', 'resolution'];
}

/** Whether a ticket event acknowledges the ticket (first ACK; CONFIRM or DISMISS of a security incident). */
export function isResponseEvent(kind: TicketKind, eventType: string): boolean {
  return RESPONSE_EVENTS[kind].includes(eventType);
}

/** The clock commands a ticket transition implies, in application order ([] for most transitions). */
export function clockCommandsForTicketEvent(facts: TicketTransitionFacts): TicketClockEffect[] {
  const { kind, eventType, from, to } = facts;
  const effects: TicketClockEffect[] = [];
  if (facts.response ?? isResponseEvent(kind, eventType))
    effects.push({ metric: 'response', command: 'STOP' });

  const stopped = RESOLUTION_STOPPED_STATUSES[kind];
  const paused = RESOLUTION_PAUSED_STATUSES[kind];
  const wasStopped = stopped.includes(from);
  const isStopped = stopped.includes(to);
  const wasPaused = paused.includes(from);
  const isPaused = paused.includes(to);
  if (!wasStopped && isStopped) {
    effects.push({ metric: 'resolution', command: 'STOP' });
  } else if (wasStopped && !isStopped) {
    effects.push({ metric: 'resolution', command: 'REOPEN' });
    // No machine reopens straight into a paused status today; if one ever does, the clock follows.
    if (isPaused) effects.push({ metric: 'resolution', command: 'PAUSE' });
  } else if (!wasStopped && !isStopped) {
    if (!wasPaused && isPaused) effects.push({ metric: 'resolution', command: 'PAUSE' });
    else if (wasPaused && !isPaused) effects.push({ metric: 'resolution', command: 'RESUME' });
  }
  return effects;
}

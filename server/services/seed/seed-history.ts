import type { Database } from '../../../db/client';
import type { ComponentStatus, PublicIncidentStatus } from '../../../workflows/status/constants';
import type { Impact } from '../../../workflows/tickets/constants';
import { acceptHandoff } from '../handoffs/accept';
import { declineHandoff } from '../handoffs/decline';
import { requestHandoff } from '../handoffs/request';
import type { ServiceContext, UserActor } from '../kernel/context';
import { completeMaintenance } from '../status/maintenance/complete';
import { scheduleMaintenance } from '../status/maintenance/schedule';
import { startMaintenance } from '../status/maintenance/start';
import { publishStatusUpdate } from '../status/publish-update';
import { assignTicket } from '../tickets/assign';
import { createTicket } from '../tickets/create';
import type { LifecycleEventInput } from '../tickets/schemas';
import { transitionTicket } from '../tickets/transition';
import { demoHistory, demoMaintenance, type PastIncident, type PastOutage } from './demo-history';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** What a past outage's first public update set on its services, by its impact. */
const IMPACT_STATUS: Record<Impact, ComponentStatus> = {
  high: 'major_outage',
  medium: 'partial_outage',
  low: 'degraded_performance',
};

const PUBLIC_TEXT: Record<PublicIncidentStatus, string> = {
  investigating: 'We are investigating reports of problems with this service. Next update within 30 minutes.',
  identified: 'We have found the cause and are working on a fix.',
  monitoring: 'A fix is in place and the service is recovering; we are watching it closely.',
  resolved: 'The service has been working normally since the fix. Sorry for the disruption.',
};

export interface HistoryCrew {
  noc: UserActor;
  soc: UserActor;
}

/**
 * Replays the demo month through the ordinary services, each step at its own past instant (the services
 * take the clock from their context), so clocks, milestones, handoffs and the audit chain are exactly what
 * live work would have left behind.
 */
export async function seedDemoHistory(
  db: Database,
  now: Date,
  crew: HistoryCrew,
  orgIds: Map<string, string>,
  serviceIds: Map<string, string>,
): Promise<number> {
  let at = now;
  const as = (actor: UserActor): ServiceContext => ({ db, now: () => at, actor });
  const noc = as(crew.noc);
  const soc = as(crew.soc);
  const step = async (instant: Date, run: () => Promise<unknown>) => {
    at = instant;
    await run();
  };
  const plus = (from: Date, ms: number) => new Date(from.getTime() + ms);
  const history = demoHistory(now);

  for (const past of history) {
    at = past.openedAt;
    const common = {
      title: past.title,
      organisationId: orgIds.get(past.organisation)!,
      serviceIds: past.services.map((slug) => serviceIds.get(slug)!),
    };
    if (past.kind === 'outage') await replayOutage(past, common);
    else await replayIncident(past, common);
  }
  // Maintenance as it went: announced a week ahead, started and completed on time.
  for (const window of demoMaintenance(now)) {
    const end = plus(window.startsAt, window.durationMs);
    at = plus(window.startsAt, -7 * DAY);
    const { id } = await scheduleMaintenance(noc, {
      organisationId: orgIds.get(window.organisation)!,
      title: window.title,
      body: window.body,
      scheduledFor: window.startsAt,
      scheduledUntil: end,
      serviceIds: window.services.map((slug) => serviceIds.get(slug)!),
    });
    await step(window.startsAt, () => startMaintenance(noc, { id }));
    await step(end, () => completeMaintenance(noc, { id }));
  }
  return history.length;

  async function replayOutage(past: PastOutage, common: Common) {
    const { id } = await createTicket(noc, { ...common, impact: past.impact, urgency: past.urgency });
    const move = (instant: Date, event: LifecycleEventInput) =>
      step(instant, () => transitionTicket(noc, { id, event }));
    const acked = plus(past.openedAt, past.ackAfterMs);
    await move(acked, { type: 'ACK' });
    await step(plus(acked, MINUTE), () => assignTicket(noc, { id, assigneeId: crew.noc.id }));
    await move(plus(acked, 3 * MINUTE), { type: 'INVESTIGATE' });
    if (past.handoff) await replayHandoff(id, past, plus(acked, 10 * MINUTE));
    // On hold (waiting for the vendor or the customer) from 20 minutes in: the resolution clock pauses,
    // and everything after moves on by the time held.
    const held = past.hold?.forMs ?? 0;
    if (past.hold) {
      await move(plus(acked, 20 * MINUTE), { type: 'HOLD', reason: past.hold.reason });
      await move(plus(acked, 20 * MINUTE + held), { type: 'RESUME' });
    }
    const later = (share: number) => plus(acked, Math.max(25 * MINUTE, past.resolveAfterMs * share) + held);
    // The customer's status page is told as the NOC goes: out (by impact) on investigating, restored on
    // monitoring, then resolved.
    const tell = (instant: Date, status: PublicIncidentStatus, components: ComponentStatus | null) =>
      past.published
        ? step(instant, () =>
            publishStatusUpdate(noc, {
              ticketId: id,
              title: past.title,
              status,
              body: PUBLIC_TEXT[status],
              components: components
                ? common.serviceIds.map((serviceId) => ({ serviceId, status: components }))
                : [],
            }),
          )
        : Promise.resolve();
    await tell(plus(acked, 4 * MINUTE), 'investigating', IMPACT_STATUS[past.impact]);
    await move(later(0.5), { type: 'IDENTIFY' });
    await tell(plus(later(0.5), MINUTE), 'identified', null);
    await move(plus(later(0.8), MINUTE), { type: 'FIX' });
    await tell(plus(later(0.8), 2 * MINUTE), 'monitoring', 'operational');
    await tell(plus(later(1), MINUTE), 'resolved', null);
    const resolved = plus(later(1), 2 * MINUTE);
    await move(resolved, {
      type: 'RESOLVE',
      resolutionSummary: past.resolutionSummary,
      causeCategory: past.cause,
    });
    // The customer confirms a day later; not yet, for the latest ones.
    const closed = plus(resolved, DAY);
    if (past.closed && closed < now) await move(closed, { type: 'CLOSE' });
  }

  async function replayHandoff(outageId: string, past: PastOutage, requestedAt: Date) {
    at = requestedAt;
    const { handoffId } = await requestHandoff(noc, {
      outageId,
      hypothesis: 'Traffic pattern looks deliberate rather than a fault; asking the SOC to take a look',
      confidence: 'medium',
      symptomStartAt: past.openedAt,
      recommendedSeverity: 'medium',
      recommendedTlp: 'GREEN',
    });
    const decidedAt = plus(requestedAt, past.handoff!.decideAfterMs);
    if (!past.handoff!.accepted) {
      await step(decidedAt, () =>
        declineHandoff(soc, {
          handoffId,
          reason: 'Matches the carrier maintenance notice; no sign of abuse.',
        }),
      );
      return;
    }
    at = decidedAt;
    const { incidentId } = await acceptHandoff(soc, { handoffId, into: 'new' });
    // An accepted handoff opens the incident already investigating: the NOC's packet is the confirmation.
    await walkIncident(incidentId, decidedAt, 20 * MINUTE, 'investigating');
  }

  async function replayIncident(past: PastIncident, common: Common) {
    const { id } = await createTicket(soc, {
      ...common,
      kind: 'security',
      impact: 'medium',
      urgency: 'high',
      severity: past.severity,
      tlp: 'AMBER',
    });
    await walkIncident(id, past.openedAt, past.stepEveryMs, past.confirmed ? 'confirm' : 'dismiss');
  }

  /** Through the NIST phases to closure, one phase per `every`; or dismissed from triage. */
  async function walkIncident(
    id: string,
    from: Date,
    every: number,
    path: 'confirm' | 'investigating' | 'dismiss',
  ) {
    const events: LifecycleEventInput[] =
      path === 'dismiss'
        ? [{ type: 'DISMISS', resolution: 'false_positive' }]
        : [
            ...(path === 'confirm' ? [{ type: 'CONFIRM' } as const] : []),
            { type: 'CONTAIN' },
            { type: 'ERADICATE' },
            { type: 'RECOVER' },
            { type: 'REVIEW', rootCause: 'Reused credentials without MFA on an exposed service' },
            { type: 'CLOSE', lessonsLearned: 'Enforce phishing-resistant MFA on every exposed login' },
          ];
    for (const [i, event] of events.entries())
      await step(plus(from, every * (i + 1)), () => transitionTicket(soc, { id, event }));
  }
}

type Common = { title: string; organisationId: string; serviceIds: string[] };

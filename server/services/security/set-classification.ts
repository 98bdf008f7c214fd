import type { Ticket } from '../../../db/schema';
import { migrateLifecycle, type PersistedLifecycle } from '../../../workflows/machines';
import { isRecord } from '../../../workflows/machines/registry';
import type { Severity } from '../../../workflows/tickets/constants';
import type { ServiceContext } from '../context';
import { parseInput } from '../parse';
import { changeTicket, type TicketUpdate } from '../tickets/engine';
import { auditChanges } from '../tickets/transition';
import { type SetClassificationInput, setClassificationInput } from './schemas';
import { assertWorkableIncident } from './workable';

const CLASSIFICATION_FIELDS = [
  'severity',
  'functionalImpact',
  'informationImpact',
  'recoverability',
  'tlp',
  'pap',
  'classification',
  'publicSummary',
] as const satisfies readonly (keyof Ticket)[];

/**
 * The security machine keeps the severity in its context too (CONFIRM without a payload reads it, and
 * every transition writes the context back to the column), so a new severity goes to both: otherwise the
 * next transition would put the old one back, or CONFIRM would still ask for one.
 */
function withSeverity(lifecycle: PersistedLifecycle, severity: Severity): PersistedLifecycle {
  const current = migrateLifecycle(lifecycle);
  const snapshot = current.snapshot;
  if (current.machine !== 'security' || !isRecord(snapshot) || !isRecord(snapshot.context)) {
    throw new Error('security incident without a security lifecycle snapshot');
  }
  return { ...current, snapshot: { ...snapshot, context: { ...snapshot.context, severity } } };
}

/**
 * security.setClassification: severity, NIST impact factors, TLP / PAP markings, classification and the
 * public summary (what a NOC stub shows). Only the fields given change; when none differs nothing is
 * written (no event, no new version).
 */
export async function setClassification(ctx: ServiceContext, rawInput: SetClassificationInput) {
  const input = parseInput(setClassificationInput, rawInput);
  const wanted: Partial<Record<(typeof CLASSIFICATION_FIELDS)[number], string | null>> = {};
  for (const field of CLASSIFICATION_FIELDS) {
    const value = input[field];
    if (value === undefined) continue;
    // An emptied free-text field is cleared rather than stored as ''.
    wanted[field] = value === '' ? null : value;
  }
  return changeTicket(ctx, {
    ticketId: input.id,
    expectedVersion: input.version,
    authorize: (ticket) => assertWorkableIncident(ctx.actor, ticket, 'Classification'),
    decide: (ticket) => {
      const changed = Object.fromEntries(
        Object.entries(wanted).filter(([field, value]) => ticket[field as keyof typeof wanted] !== value),
      ) as TicketUpdate;
      const fields = Object.keys(changed);
      if (fields.length === 0) return { events: [], result: { changed: [] as string[] } };
      const set: TicketUpdate = { ...changed };
      if (changed.severity)
        set.lifecycle = withSeverity(ticket.lifecycle as PersistedLifecycle, changed.severity);
      return {
        set,
        events: [{ type: 'incident.fields_changed', payload: auditChanges(ticket, changed) }],
        result: { changed: fields },
      };
    },
  });
}

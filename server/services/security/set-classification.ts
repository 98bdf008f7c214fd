import type { Ticket } from '../../../db/schema';
import { stepLifecycle } from '../../../workflows/machines';
import type { ServiceContext } from '../kernel/context';
import { changeTicket, type TicketUpdate } from '../kernel/engine';
import { ServiceError } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { auditChanges } from '../tickets/transition';
import { onWorkableIncident } from './internal/workable';
import { type SetClassificationInput, setClassificationInput } from './schemas';

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
    ...onWorkableIncident(ctx, input.id, 'Classification'),
    expectedVersion: input.version,
    decide: (ticket) => {
      const changed = Object.fromEntries(
        Object.entries(wanted).filter(([field, value]) => ticket[field as keyof typeof wanted] !== value),
      ) as TicketUpdate;
      const fields = Object.keys(changed);
      if (fields.length === 0) return { events: [], result: { changed: [] as string[] } };
      const set: TicketUpdate = { ...changed };
      // The machine holds the severity too (CONFIRM reads it, and every transition writes the context
      // back to the column): a new severity is a machine event, or the next step would restore the old.
      if (changed.severity) {
        const step = stepLifecycle(ticket.lifecycle, {
          type: 'SET_SEVERITY',
          severity: changed.severity,
        });
        if (!step.ok) throw new ServiceError('PRECONDITION_FAILED', step.message);
        set.lifecycle = step.view.persisted;
      }
      return {
        set,
        events: [{ type: 'incident.fields_changed', payload: auditChanges(ticket, changed) }],
        result: { changed: fields },
      };
    },
  });
}

// Zod schemas for the NOC → SOC handoff and NOC action requests, shared by the routers, the services and
// the react-hook-form forms. Drizzle-free.
import { z } from 'zod';
import { CONFIDENCE_LEVELS, NOC_ACTION_KINDS } from '../../../workflows/security/constants';
import { observableInput } from '../../../workflows/security/observables';
import { SEVERITIES, TLP_LEVELS } from '../../../workflows/tickets/constants';
import { instant, lineText, storableText } from '../kernel/schema-parts';
import { expectedVersion, longText, ticketId, ticketRef, ticketTitle } from '../tickets/schemas';

const name = (what: string) =>
  lineText().min(1, `Enter ${what}`).max(200, `Keep ${what} under 200 characters`);
const sha256 = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[0-9a-f]{64}$/, 'A SHA-256 is 64 hexadecimal characters');

export const evidenceItemInput = z.object({
  name: name('the item name'),
  sha256,
  sizeBytes: z
    .number('Enter the size in bytes')
    .int('The size is a whole number of bytes')
    .min(0, 'The size cannot be negative')
    .max(Number.MAX_SAFE_INTEGER),
  collectedBy: name('who collected it'),
  collectedAt: instant('when it was collected'),
  location: lineText().min(1, 'Say where it is stored').max(1000, 'Keep the location under 1,000 characters'),
});
export type EvidenceItemInput = z.input<typeof evidenceItemInput>;

/** Something the NOC already did: reboots, failovers and ACL changes can destroy evidence. */
export const nocActionTakenInput = z.object({
  what: storableText().min(1, 'Say what was done').max(2000, 'Keep it under 2,000 characters'),
  who: name('who did it'),
  at: instant('when it was done'),
});

export const personInvolvedInput = z.object({
  name: name('a name'),
  role: lineText().max(200, 'Keep the role under 200 characters').default(''),
});

/** Everything that travels with a handoff besides its headline fields (stored as the handoff's packet). */
export const handoffPacket = z.object({
  observables: z.array(observableInput).max(200, 'At most 200 observables per handoff').default([]),
  nocActions: z.array(nocActionTakenInput).max(100, 'At most 100 actions per handoff').default([]),
  evidence: z.array(evidenceItemInput).max(100, 'At most 100 evidence items per handoff').default([]),
  people: z.array(personInvolvedInput).max(50, 'At most 50 people per handoff').default([]),
});

export const requestHandoffInput = handoffPacket.extend({
  outageId: ticketId,
  version: expectedVersion,
  hypothesis: longText('The hypothesis').max(5000, 'Keep the hypothesis under 5,000 characters'),
  confidence: z.enum(CONFIDENCE_LEVELS, 'Choose how confident you are'),
  symptomStartAt: instant('when the symptoms started'),
  recommendedSeverity: z.enum(SEVERITIES, 'Recommend a severity'),
  recommendedTlp: z.enum(TLP_LEVELS, 'Recommend a TLP marking'),
});
export type RequestHandoffInput = z.input<typeof requestHandoffInput>;

export const handoffId = z.uuid('Unknown handoff');

/** Accept into a new incident (title, severity and TLP default to the NOC's recommendation) or an existing one. */
export const acceptHandoffInput = z.discriminatedUnion('into', [
  z.object({
    handoffId,
    into: z.literal('new'),
    title: ticketTitle.optional(),
    severity: z.enum(SEVERITIES).optional(),
    tlp: z.enum(TLP_LEVELS).optional(),
  }),
  z.object({ handoffId, into: z.literal('existing'), incident: ticketRef }),
]);
export type AcceptHandoffInput = z.input<typeof acceptHandoffInput>;

export const declineHandoffInput = z.object({
  handoffId,
  reason: longText('The reason').max(2000, 'Keep the reason under 2,000 characters'),
});
export type DeclineHandoffInput = z.input<typeof declineHandoffInput>;

export const setPreserveHoldInput = z.object({
  outageId: ticketId,
  hold: z.boolean(),
  reason: storableText().max(2000).default(''),
});
export type SetPreserveHoldInput = z.input<typeof setPreserveHoldInput>;

export const clearOutageInput = z.object({
  outageId: ticketId,
  note: longText('The conclusion').max(5000, 'Keep the conclusion under 5,000 characters'),
});
export type ClearOutageInput = z.input<typeof clearOutageInput>;

export const listHandoffsInput = z.object({
  /** `pending`: waiting for the SOC (requested or escalated), oldest first. */
  scope: z.enum(['pending', 'all']).default('pending'),
  outageId: ticketId.optional(),
  limit: z.number().int().min(1).max(200).default(100),
});
export type ListHandoffsInput = z.input<typeof listHandoffsInput>;

export const requestNocActionInput = z.object({
  /** The security incident asking; the outage must have been handed off to it. */
  incidentId: ticketId,
  outageId: ticketId,
  action: z.enum(NOC_ACTION_KINDS, 'Choose what the NOC should do'),
  details: longText('The details').max(5000, 'Keep the details under 5,000 characters'),
});
export type RequestNocActionInput = z.input<typeof requestNocActionInput>;

export const completeNocActionInput = z.object({
  taskId: z.uuid('Unknown task'),
  result: longText('The result').max(5000, 'Keep the result under 5,000 characters'),
});
export type CompleteNocActionInput = z.input<typeof completeNocActionInput>;

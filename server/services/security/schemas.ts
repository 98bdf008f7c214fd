// Zod schemas of the SOC workspace verbs, shared by the security router, the services and the forms.
// Drizzle-free: client components import this file.
import { z } from 'zod';
import { attackTechniqueInput } from '../../../workflows/security/attack';
import {
  FUNCTIONAL_IMPACTS,
  INFORMATION_IMPACTS,
  RECOVERABILITY,
} from '../../../workflows/security/constants';
import { normaliseObservable, observableInput } from '../../../workflows/security/observables';
import { NOTICE_AUDIENCES } from '../../../workflows/status/constants';
import { SEVERITIES, TLP_LEVELS } from '../../../workflows/tickets/constants';
import { evidenceItemInput } from '../handoffs/schemas';
import { instant, lineText, storableText } from '../kernel/schema-parts';
import { expectedVersion, longText, ticketId } from '../tickets/schemas';

const person = (what: string) =>
  lineText().min(1, `Enter ${what}`).max(200, `Keep ${what} under 200 characters`);

// --- Observables ---------------------------------------------------------------------------------

export const observableId = z.uuid('Unknown observable');

/**
 * An observable as the workspace form submits it (observableInput plus the incident and a note). `ioc`
 * left out keeps the flag of an observable that is already recorded (a new one is then not an IOC).
 */
export const addObservableInput = z
  .object({
    id: ticketId,
    type: observableInput.shape.type,
    value: observableInput.shape.value,
    ioc: z.boolean().optional(),
    note: storableText().max(2000, 'Keep the note under 2,000 characters').default(''),
  })
  .superRefine((input, ctx) => {
    // The same check as observableInput's, reported on `value` (an over-long value is reported by .max()).
    if (!observableInput.shape.value.safeParse(input.value).success) return;
    const result = normaliseObservable(input.type, input.value);
    if (!result.ok) ctx.addIssue({ code: 'custom', path: ['value'], message: result.message });
  });
export type AddObservableInput = z.input<typeof addObservableInput>;

export const setObservableIocInput = z.object({ id: ticketId, observableId, ioc: z.boolean() });
export type SetObservableIocInput = z.input<typeof setObservableIocInput>;

export const removeObservableInput = z.object({ id: ticketId, observableId });
export type RemoveObservableInput = z.input<typeof removeObservableInput>;

// --- Evidence and chain of custody ------------------------------------------------------------------

export const evidenceId = z.uuid('Unknown evidence item');

/** An evidence item as collected; the custodian defaults to the collector. */
export const addEvidenceInput = evidenceItemInput.safeExtend({
  id: ticketId,
  custodian: person('the custodian').optional(),
});
export type AddEvidenceInput = z.input<typeof addEvidenceInput>;

/** A hand-over of an evidence item to a new custodian, now or at a past instant (`at`). */
export const transferEvidenceInput = z.object({
  id: ticketId,
  evidenceId,
  to: person('the new custodian'),
  at: instant('when it was handed over').optional(),
  reason: storableText()
    .min(1, 'Say why the evidence changes hands')
    .max(2000, 'Keep the reason under 2,000 characters'),
});
export type TransferEvidenceInput = z.input<typeof transferEvidenceInput>;

// --- Classification ---------------------------------------------------------------------------------

/** Only the fields given change; an empty classification or public summary clears it. */
export const setClassificationInput = z.object({
  id: ticketId,
  version: expectedVersion,
  severity: z.enum(SEVERITIES, 'Choose a severity').optional(),
  functionalImpact: z.enum(FUNCTIONAL_IMPACTS, 'Choose the functional impact').optional(),
  informationImpact: z.enum(INFORMATION_IMPACTS, 'Choose the information impact').optional(),
  recoverability: z.enum(RECOVERABILITY, 'Choose the recoverability').optional(),
  tlp: z.enum(TLP_LEVELS, 'Choose a TLP marking').optional(),
  pap: z.enum(TLP_LEVELS, 'Choose a PAP marking').optional(),
  classification: lineText().max(200, 'Keep the classification under 200 characters').optional(),
  publicSummary: storableText().max(500, 'Keep the public summary under 500 characters').optional(),
});
export type SetClassificationInput = z.input<typeof setClassificationInput>;

// --- MITRE ATT&CK -------------------------------------------------------------------------------------

export const techniqueInput = attackTechniqueInput.safeExtend({ id: ticketId });
export type TechniqueInput = z.input<typeof techniqueInput>;

// --- Tasks ------------------------------------------------------------------------------------------

export const taskId = z.uuid('Unknown task');

export const addTaskInput = z.object({
  id: ticketId,
  title: lineText().min(1, 'Give the task a title').max(200, 'Keep the title under 200 characters'),
  details: storableText().max(5000, 'Keep the details under 5,000 characters').default(''),
  assigneeId: z.uuid('Choose a colleague').nullish(),
  dueAt: instant('when it is due').nullish(),
});
export type AddTaskInput = z.input<typeof addTaskInput>;

export const completeTaskInput = z.object({
  taskId,
  result: storableText().max(5000, 'Keep the result under 5,000 characters').optional(),
});
export type CompleteTaskInput = z.input<typeof completeTaskInput>;

// --- Customer notices ---------------------------------------------------------------------------------

export const publishNoticeInput = z.object({
  id: ticketId,
  title: lineText()
    .min(3, 'Give the notice a title of at least 3 characters')
    .max(200, 'Keep the title under 200 characters'),
  body: longText('The notice').max(10_000, 'Keep the notice under 10,000 characters'),
  /** Customers only (their portal), or public (also their status page, for anyone). */
  audience: z.enum(NOTICE_AUDIENCES, 'Choose who may read the notice').default('customers'),
});
export type PublishNoticeInput = z.input<typeof publishNoticeInput>;

export const listNoticesInput = z.object({
  /** Staff: one organisation's notices (all when left out). Customers always get their own. */
  organisationId: z.uuid('Unknown organisation').optional(),
  /** 'public': only the notices published for anyone (what a public status page shows). */
  audience: z.enum(['public']).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type ListNoticesInput = z.input<typeof listNoticesInput>;

// --- Workspace ----------------------------------------------------------------------------------------

export const workspaceInput = z.object({ id: ticketId });
export type WorkspaceInput = z.input<typeof workspaceInput>;

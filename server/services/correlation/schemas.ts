import { z } from 'zod';
import { longText, ticketId } from '../tickets/schemas';

/** A NOC engineer, held back by an evidence hold, asks the SOC for a NOC action request. */
export const askForNocActionInput = z.object({
  outageId: ticketId,
  /** A correlated incident that preserves evidence (correlation.evidenceHolds lists them). */
  incidentId: ticketId,
  details: longText('What you would do').max(2000, 'Keep it under 2,000 characters'),
});
export type AskForNocActionInput = z.input<typeof askForNocActionInput>;

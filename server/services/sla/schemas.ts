// Zod schemas for the SLA clock verbs (recalculate, metrics), shared by the router and the forms.
import { z } from 'zod';
import { instant, storableText } from '../kernel/schema-parts';

export const recalculateInput = z.object({
  ticketId: z.uuid(),
  reason: storableText().min(3, 'Say why').max(500),
});
export type RecalculateInput = z.input<typeof recalculateInput>;

export const metricsInput = z.object({
  from: instant('the start of the range'),
  to: instant('the end of the range'),
  organisationId: z.uuid().optional(),
});
export type MetricsInput = z.input<typeof metricsInput>;

import { z } from 'zod';

/** The subscription's input: tRPC fills `lastEventId` from the SSE Last-Event-ID of a reconnect. */
export const liveChangesInput = z
  .object({ lastEventId: z.string().max(100).nullish() })
  .optional()
  .describe('Resume after this event id (set by the browser when it reconnects)');
export type LiveChangesInput = z.input<typeof liveChangesInput>;

/** The payload every writer sends on `ticket_changed` (kernel/engine.ts notifyTicketChanged). */
export const ticketChangedPayload = z.object({ id: z.uuid(), version: z.number().int().nonnegative() });
export type TicketChangedPayload = z.output<typeof ticketChangedPayload>;

/** The payload, or null when it is not one of ours (never throws: a bad NOTIFY must not stop the feed). */
export function parseTicketChanged(payload: string): TicketChangedPayload | null {
  try {
    const parsed = ticketChangedPayload.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

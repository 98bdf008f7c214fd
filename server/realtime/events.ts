import type { TicketKind } from '../../workflows/tickets/constants';

// What a live view is told (drizzle-free and type-only for the browser: app/_components/live imports it).
// Only tickets the subscriber reads in full, and of them only what names them: no title, status or version,
// so an event never carries more than the page it makes the browser reload.

/** A ticket that changed (or was created), as a live view may name it. */
export interface LiveTicket {
  id: string;
  /** The display number, e.g. `OUT-1042`: the ticket page's address. */
  number: string;
  kind: TicketKind;
}

export type LiveEvent =
  /** These tickets changed since the previous event. */
  | { type: 'changed'; tickets: LiveTicket[] }
  /** Changes may have been missed (a gap in the feed, too many queued, a resume from too long ago): reload. */
  | { type: 'resync' };

/** One event and the position it brings the subscriber to (the SSE event id a reconnect resumes from). */
export interface LiveBatch {
  id: string;
  event: LiveEvent;
}

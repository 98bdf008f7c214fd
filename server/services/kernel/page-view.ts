import type { Ticket } from '../../../db/schema';

/**
 * One server render of a page, shared by the procedures it calls (server-caller.ts builds one per request):
 * the ticket page asks for the ticket, its timeline, its allowed actions and (for an incident) the SOC
 * workspace, and together they are one read of the ticket, one visibility check and one access record.
 * Only reads use it, and nothing writes during a render, so what it remembers cannot go stale. HTTP calls
 * have none: each call from a browser is its own read and is checked and recorded by itself.
 */
export class PageView {
  private readonly visible = new Map<string, Promise<Ticket>>();
  private readonly recorded = new Set<string>();

  /** The ticket as the first read of this view found it visible (that read ran once, errors included). */
  visibleTicket(id: string, read: () => Promise<Ticket>): Promise<Ticket> {
    let found = this.visible.get(id);
    if (!found) {
      found = read();
      this.visible.set(id, found);
    }
    return found;
  }

  /** Remembers a ticket another read already found and checked (tickets.get reads it with its joins). */
  sawVisible(ticket: Ticket): void {
    if (!this.visible.has(ticket.id)) this.visible.set(ticket.id, Promise.resolve(ticket));
  }

  /** True the first time per ticket: the view's one access record. */
  firstRead(ticketId: string): boolean {
    if (this.recorded.has(ticketId)) return false;
    this.recorded.add(ticketId);
    return true;
  }
}

import type { LiveEvent } from '@/server/realtime/events';

/** The ticket page's address: /tickets/OUT-1042 (any case, as typed). */
const TICKET_PAGE = /^\/tickets\/((?:OUT|SEC)-\d+)\/?$/i;

/** Pages a ticket change never alters: forms being filled in, and editors and reports of their own data. */
const UNAFFECTED = [/^\/tickets\/new\/?$/, /^\/admin(?:\/|$)/, /^\/reports(?:\/|$)/];

/**
 * Whether a live event changes what the page at `pathname` shows. A ticket page: only a change of that
 * ticket (an accepted handoff changes the outage itself, so the NOC's outage page follows the SOC). Queues,
 * lists, search and notifications: any change of a ticket this person may see (the event names no other).
 * A resync (changes may have been missed) refreshes every page that shows tickets.
 */
export function refreshesPage(pathname: string, event: LiveEvent): boolean {
  if (UNAFFECTED.some((page) => page.test(pathname))) return false;
  if (event.type === 'resync') return true;
  const ticketPage = TICKET_PAGE.exec(pathname);
  if (ticketPage) {
    const shown = ticketPage[1]!.toUpperCase();
    return event.tickets.some((t) => t.number === shown);
  }
  // The NOC's queue and its wallboard show outages only.
  if (pathname === '/noc' || pathname.startsWith('/noc/') || pathname === '/wallboard')
    return event.tickets.some((t) => t.kind === 'outage');
  return event.tickets.length > 0;
}

// The portal's words for what staff call by codes (drizzle-free: server and client components use it).
import type { TicketSource } from '@/workflows/tickets/constants';

/** How a ticket reached support, as the customer would say it. */
export const SOURCE_WORDS: Record<TicketSource, string> = {
  portal: 'Reported by your organisation in the portal',
  manual: 'Opened by support',
  alertmanager: 'Detected by monitoring',
  'events-v2': 'Detected by monitoring',
  heartbeat: 'Detected by monitoring (a check stopped reporting)',
  handoff: 'Opened by support',
};

/** Impact and urgency (ITIL) in the words of someone reporting a problem. */
export const IMPACT_WORDS = {
  high: 'Many people, or all of our own customers',
  medium: 'A team or a group of users',
  low: 'One person or a few',
} as const;

export const URGENCY_WORDS = {
  high: 'Work has stopped: nothing gets done',
  medium: 'Work is slowed down or harder',
  low: 'It can wait, or there is a workaround',
} as const;

export const portalTicketHref = (number: string) => `/portal/tickets/${number}`;

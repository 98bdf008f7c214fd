// Ticket vocabulary shared by the database schema, the services and client components.
// Drizzle-free and I/O-free on purpose: client bundles import this file.

export const TICKET_KINDS = ['outage', 'security'] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];

export const TICKET_NUMBER_PREFIX: Record<TicketKind, string> = { outage: 'OUT', security: 'SEC' };

export const OUTAGE_STATUSES = [
  'new',
  'acknowledged',
  'investigating',
  'identified',
  'monitoring',
  'resolved',
  'closed',
  'on_hold',
] as const;
export type OutageStatus = (typeof OUTAGE_STATUSES)[number];

export const SECURITY_STATUSES = [
  'triage',
  'investigating',
  'containment',
  'eradication',
  'recovery',
  'post_incident',
  'closed',
] as const;
export type SecurityStatus = (typeof SECURITY_STATUSES)[number];

export type TicketStatus = OutageStatus | SecurityStatus;
/** Every status of either kind, once (the statuses both kinds share appear once). */
export const TICKET_STATUSES = [
  ...OUTAGE_STATUSES,
  'triage',
  'containment',
  'eradication',
  'recovery',
  'post_incident',
] as const satisfies readonly TicketStatus[];
// Compile-time proof that the list above names every security status.
const _allSecurityStatusesListed: readonly (typeof TICKET_STATUSES)[number][] = SECURITY_STATUSES;

/** States in which a ticket no longer needs work (queues hide them by default). */
export const DONE_STATUSES: readonly TicketStatus[] = ['resolved', 'closed'];

export const SECURITY_LINK_STATES = [
  'none',
  'handoff_requested',
  'under_soc_investigation',
  'cleared',
] as const;
export type SecurityLinkState = (typeof SECURITY_LINK_STATES)[number];

export const HOLD_REASONS = ['vendor', 'customer', 'change_window'] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** ITIL impact and urgency, 1 = highest. */
export const IMPACTS = ['high', 'medium', 'low'] as const;
export type Impact = (typeof IMPACTS)[number];
export const URGENCIES = ['high', 'medium', 'low'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const TLP_LEVELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export type Tlp = (typeof TLP_LEVELS)[number];

export const SECURITY_RESOLUTIONS = [
  'true_positive_impact',
  'true_positive_no_impact',
  'false_positive',
  'benign',
  'duplicate',
] as const;
export type SecurityResolution = (typeof SECURITY_RESOLUTIONS)[number];

/** Resolutions a DISMISS from triage may carry (a confirmed incident is never dismissed). */
export const DISMISS_RESOLUTIONS = [
  'false_positive',
  'benign',
  'duplicate',
] as const satisfies readonly SecurityResolution[];

/** What caused an outage, recorded with its resolution summary when the NOC resolves it. */
export const OUTAGE_CAUSES = [
  'hardware',
  'software',
  'network',
  'power',
  'capacity',
  'configuration_change',
  'third_party',
  'security',
  'human_error',
  'unknown',
] as const;
export type OutageCause = (typeof OUTAGE_CAUSES)[number];
/** The longest resolution summary (the database checks the same bound on the trimmed text). */
export const RESOLUTION_SUMMARY_MAX = 4000;

export const TICKET_SOURCES = [
  'manual',
  'alertmanager',
  'events-v2',
  'heartbeat',
  'portal',
  'handoff',
] as const;
export type TicketSource = (typeof TICKET_SOURCES)[number];

export const COMMENT_VISIBILITIES = ['internal', 'public'] as const;
export type CommentVisibility = (typeof COMMENT_VISIBILITIES)[number];

/** Typed links between tickets; `handoff` joins an outage to the security incident it was handed to. */
export const TICKET_LINK_TYPES = ['relates_to', 'duplicates', 'caused_by', 'handoff'] as const;
export type TicketLinkType = (typeof TICKET_LINK_TYPES)[number];

export const ACTOR_TYPES = ['user', 'system', 'integration'] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

export const ROLES = ['admin', 'manager', 'noc_engineer', 'soc_analyst', 'customer'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  manager: 'Manager',
  noc_engineer: 'NOC engineer',
  soc_analyst: 'SOC analyst',
  customer: 'Customer',
};

export function formatTicketNumber(kind: TicketKind, number: number): string {
  return `${TICKET_NUMBER_PREFIX[kind]}-${number}`;
}

/** What a ticket number looks like: `OUT-1042`, `sec-77` (case-insensitive, no leading zeros). */
export const TICKET_NUMBER_PATTERN = /^(OUT|SEC)-([1-9]\d{0,9})$/i;
/** tickets.number is a PostgreSQL integer: no ticket has a larger number. */
export const MAX_TICKET_NUMBER = 2_147_483_647;

/** Parses `OUT-1042` / `sec-77`; returns null for anything else, and for numbers no ticket can have. */
export function parseTicketNumber(text: string): { kind: TicketKind; number: number } | null {
  const match = TICKET_NUMBER_PATTERN.exec(text.trim());
  if (!match) return null;
  const number = Number(match[2]);
  if (number > MAX_TICKET_NUMBER) return null;
  const kind: TicketKind = match[1]!.toUpperCase() === 'OUT' ? 'outage' : 'security';
  return { kind, number };
}

// Handoff and task vocabulary (DESIGN §2.3), shared by the schema, the services and client components.
// Drizzle-free and XState-free on purpose: client bundles import this file.

export const HANDOFF_STATUSES = ['requested', 'escalated', 'accepted', 'declined'] as const;
export type HandoffStatus = (typeof HANDOFF_STATUSES)[number];

/** Still waiting for the SOC: at most one per outage (a partial unique index holds it). */
export const OPEN_HANDOFF_STATUSES = ['requested', 'escalated'] as const satisfies readonly HandoffStatus[];

/** `task`: SOC work on its own incident; `noc_action`: the SOC asking the NOC for help, on the outage. */
export const TASK_KINDS = ['task', 'noc_action'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

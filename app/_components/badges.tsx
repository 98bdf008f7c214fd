import { Check, CircleCheck, CircleDot, type LucideIcon, TriangleAlert, Wrench, X } from 'lucide-react';
import { TLP_COLOURS } from '@/workflows/security/constants';
import { COMPONENT_STATUS_LABEL, type ComponentStatus } from '@/workflows/status/constants';
import type { Priority, TicketStatus, Tlp } from '@/workflows/tickets/constants';

// One colour vocabulary everywhere (DESIGN §4), and never colour alone: every badge carries its word.

const PRIORITY_CLASS: Record<Priority, string> = {
  // P1 and P2 share the major- and partial-outage hues (white on them: 6.5:1 and 5.2:1, WCAG AA).
  P1: 'bg-status-major text-white',
  P2: 'bg-status-partial text-white',
  P3: 'bg-amber-300 text-zinc-900',
  P4: 'bg-zinc-200 text-zinc-800 dark:bg-zinc-700 dark:text-zinc-100',
};

export function PriorityChip({ priority }: { priority: Priority }) {
  return (
    <span
      className={`inline-block rounded px-1.5 py-0.5 font-mono text-xs font-semibold ${PRIORITY_CLASS[priority]}`}
    >
      {priority}
    </span>
  );
}

export function TicketStatusBadge({ status }: { status: TicketStatus }) {
  const done = status === 'resolved' || status === 'closed';
  return (
    <span
      data-testid="ticket-status"
      className={`inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs ${
        done
          ? 'border-zinc-300 text-muted dark:border-zinc-700'
          : 'border-sky-300 text-sky-800 dark:border-sky-800 dark:text-sky-300'
      }`}
    >
      {done ? <CircleCheck aria-hidden className="size-3" /> : <CircleDot aria-hidden className="size-3" />}
      {status.replaceAll('_', ' ')}
    </span>
  );
}

const COMPONENT_CLASS: Record<ComponentStatus, { dot: string; Icon: LucideIcon }> = {
  operational: { dot: 'bg-status-operational', Icon: Check },
  under_maintenance: { dot: 'bg-status-maintenance', Icon: Wrench },
  degraded_performance: { dot: 'bg-status-degraded', Icon: TriangleAlert },
  partial_outage: { dot: 'bg-status-partial', Icon: TriangleAlert },
  major_outage: { dot: 'bg-status-major', Icon: X },
};

export function ComponentStatusBadge({ status }: { status: ComponentStatus }) {
  const { dot, Icon } = COMPONENT_CLASS[status];
  return (
    <span className="inline-flex items-center gap-1.5 text-sm" data-status={status}>
      <span
        aria-hidden
        className={`inline-flex size-4 items-center justify-center rounded-full text-white ${dot}`}
      >
        <Icon className="size-3" strokeWidth={3} />
      </span>
      {COMPONENT_STATUS_LABEL[status]}
    </span>
  );
}

export function TlpBadge({ tlp }: { tlp: Tlp }) {
  return (
    // TLP 2.0's own colours (workflows/security/constants), so the badge and the vocabulary never drift.
    <span
      className="rounded px-1.5 py-0.5 font-mono text-xs font-bold"
      style={{ color: TLP_COLOURS[tlp].fg, backgroundColor: TLP_COLOURS[tlp].bg }}
    >
      TLP:{tlp}
    </span>
  );
}

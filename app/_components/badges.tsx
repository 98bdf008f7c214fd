import { TLP_COLOURS } from '@/workflows/security/constants';
import { COMPONENT_STATUS_LABEL, type ComponentStatus } from '@/workflows/status/constants';
import type { Priority, TicketStatus, Tlp } from '@/workflows/tickets/constants';

// One colour vocabulary everywhere (DESIGN §4), and never colour alone: every badge carries its word.

const PRIORITY_CLASS: Record<Priority, string> = {
  P1: 'bg-red-700 text-white',
  P2: 'bg-orange-600 text-white',
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
          ? 'border-zinc-300 text-zinc-500 dark:border-zinc-700'
          : 'border-sky-300 text-sky-800 dark:border-sky-800 dark:text-sky-300'
      }`}
    >
      <span aria-hidden>{done ? '✓' : '●'}</span>
      {status.replaceAll('_', ' ')}
    </span>
  );
}

const COMPONENT_CLASS: Record<ComponentStatus, { dot: string; icon: string }> = {
  operational: { dot: 'bg-status-operational', icon: '✓' },
  under_maintenance: { dot: 'bg-status-maintenance', icon: '⚙' },
  degraded_performance: { dot: 'bg-status-degraded', icon: '!' },
  partial_outage: { dot: 'bg-status-partial', icon: '!' },
  major_outage: { dot: 'bg-status-major', icon: '✕' },
};

export function ComponentStatusBadge({ status }: { status: ComponentStatus }) {
  const look = COMPONENT_CLASS[status];
  return (
    <span className="inline-flex items-center gap-1.5 text-sm" data-status={status}>
      <span
        aria-hidden
        className={`inline-flex size-4 items-center justify-center rounded-full text-[10px] text-white ${look.dot}`}
      >
        {look.icon}
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

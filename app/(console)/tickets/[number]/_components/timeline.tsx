import { RelativeTime } from '@/app/_components/relative-time';
import type { TimelineEntry } from '@/server/services/tickets/timeline';
import { escalationLevelNumber } from '@/workflows/escalation/policy';
import { EVENT_LABEL, EVENT_TYPE_LABEL } from './event-labels';

const metricLabel = (metric: unknown) => {
  const text = String(metric ?? '').replaceAll('_', ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
};
const linkLabel = (state: unknown) => String(state ?? 'none').replaceAll('_', ' ');
const formatInstant = (value: unknown) =>
  typeof value === 'string'
    ? new Date(value).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
    : '—';

function summarise(entry: TimelineEntry): { title: string; body?: string; muted?: boolean } {
  const p = entry.payload;
  switch (entry.type) {
    case 'ticket.created':
      return { title: 'Opened the ticket' };
    case 'ticket.transitioned': {
      const event =
        (p.event as
          | { type?: string; reason?: string; causeCategory?: string; resolutionSummary?: string }
          | undefined) ?? {};
      // The outage's security region moved, not its status: the handoff event that follows says what.
      if (p.from === p.to) {
        const link = (p.changes as { securityLink?: { from: unknown; to: unknown } } | undefined)
          ?.securityLink;
        return link
          ? { title: `Security link: ${linkLabel(link.from)} → ${linkLabel(link.to)}`, muted: true }
          : { title: `${event.type ?? 'Change'} recorded`, muted: true };
      }
      const label = event.type ? (EVENT_LABEL[event.type] ?? event.type) : 'Status changed';
      // A hold's reason, or a resolution's cause, in brackets; a resolution's summary as the body.
      const why = event.reason ?? event.causeCategory;
      const reason = why ? ` (${String(why).replaceAll('_', ' ')})` : '';
      return {
        title: `${label}${reason}: ${String(p.from)} → ${String(p.to)}`,
        body: event.resolutionSummary ? String(event.resolutionSummary) : undefined,
      };
    }
    case 'comment.added':
      return {
        title:
          p.visibility === 'public'
            ? 'Public update'
            : p.visibility === 'internal'
              ? 'Internal note'
              : 'Update',
        body: String(p.body ?? ''),
        muted: p.visibility === 'internal',
      };
    case 'ticket.assigned':
      return {
        title: p.toEmail
          ? `Assigned to ${String(p.toEmail)}`
          : p.to
            ? 'Reassigned by escalation'
            : 'Unassigned',
      };
    case 'ticket.priority_changed':
      return { title: 'Priority changed' };
    case 'sla.clock_started':
      return {
        title: `${metricLabel(p.metric)} SLA started${p.dueAt ? `, due ${formatInstant(p.dueAt)}` : ''}`,
      };
    case 'sla.clock_stop':
      return { title: `${metricLabel(p.metric)} SLA stopped: ${p.state === 'met' ? 'met' : 'missed'}` };
    case 'sla.clock_pause':
    case 'sla.clock_resume':
    case 'sla.clock_reopen':
      return { title: `${metricLabel(p.metric)} SLA ${entry.type.slice('sla.clock_'.length)}d`, muted: true };
    case 'sla.warning':
      return {
        title: `${metricLabel(p.metric)} SLA at ${String(p.threshold)} % (due ${formatInstant(p.dueAt)})`,
      };
    case 'sla.breached':
      return { title: `${metricLabel(p.metric)} SLA breached at ${formatInstant(p.dueAt)}` };
    case 'sla.clock_retargeted':
      return { title: `${metricLabel(p.metric)} SLA re-targeted`, body: String(p.reason ?? '') };
    case 'link.added':
      return { title: `Linked ${String(p.type).replaceAll('_', ' ')} ${String(p.ticket)}` };
    default:
      return securitySummary(entry) ?? labelled(entry) ?? { title: entry.type };
  }
}

/** An event type with a plain label (event-labels.ts), and the title of what it is about, if any. */
function labelled(entry: TimelineEntry): { title: string } | null {
  const label = EVENT_TYPE_LABEL[entry.type];
  if (!label) return null;
  const about = entry.payload.title;
  return { title: typeof about === 'string' && about ? `${label}: ${about}` : label };
}

/** Handoff, NOC action and SOC workspace events (DESIGN §2.3). */
function securitySummary(entry: TimelineEntry): { title: string; body?: string } | null {
  const p = entry.payload;
  const text = (value: unknown) => String(value ?? '');
  switch (entry.type) {
    case 'escalation.fired':
      return {
        title: `Escalation level ${typeof p.level === 'number' ? escalationLevelNumber(p.level) : '?'} fired (${text((p.actions as unknown[] | undefined)?.join(', '))})`,
      };
    case 'escalation.stopped':
      return { title: 'Escalation stopped: acknowledged' };
    case 'handoff.requested':
      return {
        title: `Handoff to the SOC requested (confidence ${text(p.confidence)})`,
        body: text(p.hypothesis),
      };
    case 'handoff.accepted':
      return { title: `Handoff accepted by the SOC → ${text(p.incident)}` };
    case 'handoff.declined':
      return { title: 'Handoff declined by the SOC', body: text(p.reason) };
    case 'handoff.escalated':
      return { title: 'Handoff not accepted in time: escalated' };
    case 'handoff.received':
      return { title: `Received from ${text(p.outage)} (handoff)`, body: text(p.hypothesis) };
    case 'handoff.preserve_hold_set':
      return { title: 'SOC set an evidence hold', body: text(p.reason) || undefined };
    case 'handoff.preserve_hold_lifted':
      return { title: 'SOC lifted the evidence hold', body: text(p.reason) || undefined };
    case 'handoff.cleared':
      return { title: 'Cleared by the SOC', body: text(p.note) };
    case 'noc_action.requested':
      return {
        title: `NOC action requested: ${text(p.action).replaceAll('_', ' ')}${p.outage ? ` on ${text(p.outage)}` : ''}`,
        body: text(p.details),
      };
    case 'noc_action.completed':
      return {
        title: `NOC action done: ${text(p.action).replaceAll('_', ' ')}${p.outage ? ` on ${text(p.outage)}` : ''}`,
        body: text(p.result),
      };
    case 'observable.added':
      return { title: `Observable added: ${text(p.type)} ${text(p.value)}${p.ioc ? ' (IOC)' : ''}` };
    case 'observable.removed':
      return { title: `Observable removed: ${text(p.type)} ${text(p.value)}` };
    case 'evidence.added':
      return { title: `Evidence recorded: ${text(p.name)}`, body: `SHA-256 ${text(p.sha256)}` };
    case 'evidence.transferred':
      return { title: `Custody of ${text(p.name)}: ${text(p.from)} → ${text(p.to)}`, body: text(p.reason) };
    case 'attack.technique_added':
      return { title: `ATT&CK technique ${text(p.techniqueId)} (${text(p.tactic).replaceAll('_', ' ')})` };
    case 'task.added':
      return { title: `Task added: ${text(p.title)}` };
    case 'task.completed':
      return { title: `Task done: ${text(p.title)}`, body: text(p.result) || undefined };
    case 'notice.published':
      return { title: `Customer notice published: ${text(p.title)}`, body: text(p.body) };
    default:
      return null;
  }
}

const SKIP_REASONS: Record<string, string> = {
  need_to_know: 'may not see this ticket',
  inactive: 'inactive',
  unknown_user: 'no such user',
  cannot_work: 'cannot work it',
};

/** Who a notification or reassignment passed over, and why (the `skipped` of the event's payload). */
function skippedText(skipped: unknown): string | null {
  if (!Array.isArray(skipped) || skipped.length === 0) return null;
  const who = skipped.map((s: { user?: string; role?: string; reason?: string }) => {
    const target = s.role
      ? `role ${s.role.replaceAll('_', ' ')}`
      : `user ${String(s.user ?? '?').slice(0, 8)}`;
    return `${target} (${SKIP_REASONS[s.reason ?? ''] ?? s.reason})`;
  });
  return `Skipped: ${who.join(', ')}`;
}

export function Timeline({ entries }: { entries: TimelineEntry[] }) {
  return (
    <ol className="space-y-3 border-l border-zinc-200 pl-4 dark:border-zinc-800" aria-label="Timeline">
      {entries.map((entry) => {
        const d = summarise(entry);
        const skipped = skippedText(entry.payload.skipped);
        return (
          <li key={entry.seq} className="text-sm">
            <p>
              <span className="font-medium">{d.title}</span>
              <span className="ml-2 text-muted">
                {entry.actor} · <RelativeTime date={entry.at} />
              </span>
            </p>
            {d.body && (
              <p
                className={`mt-1 whitespace-pre-wrap rounded px-2 py-1 ${d.muted ? 'bg-amber-50 dark:bg-amber-950/40' : 'bg-zinc-50 dark:bg-zinc-900'}`}
              >
                {d.body}
              </p>
            )}
            {skipped && <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">{skipped}</p>}
          </li>
        );
      })}
    </ol>
  );
}

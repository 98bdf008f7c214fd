import type { ReactNode } from 'react';
import { RelativeTime } from '@/app/_components/relative-time';
import { ZonedTime } from '@/app/_components/zoned-time';
import type { TimelineEntry } from '@/server/services/tickets/timeline';
import { escalationLevelNumber } from '@/workflows/escalation/policy';
import { EVENT_LABEL, EVENT_TYPE_LABEL } from './event-labels';

const metricLabel = (metric: unknown) => {
  const text = String(metric ?? '').replaceAll('_', ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
};
const linkLabel = (state: unknown) => String(state ?? 'none').replaceAll('_', ' ');
/** An instant in the viewer's zone (rendered in the browser, from the ISO instant). */
const formatInstant = (value: unknown) => (typeof value === 'string' ? <ZonedTime instant={value} /> : '—');

const CLOCK_VERB: Record<string, string> = {
  'sla.clock_pause': 'paused',
  'sla.clock_resume': 'resumed',
  'sla.clock_reopen': 'reopened',
};

interface Summary {
  title: ReactNode;
  body?: string;
  muted?: boolean;
  /** A comment's visibility, shown as a badge. */
  badge?: 'internal' | 'public';
  /** Field changes old → new, in words ("severity: — → high"). */
  changes?: string | null;
}

const FIELD_LABEL: Record<string, string> = {
  severity: 'severity',
  resolution: 'resolution',
  causeCategory: 'cause',
  priority: 'priority',
  impact: 'impact',
  urgency: 'urgency',
  priorityOverrideReason: 'override reason',
};
const valueText = (value: unknown) =>
  value === null || value === undefined || value === '' ? '—' : String(value).replaceAll('_', ' ');

/** The short fields of a `changes` payload as "field: old → new"; status and long texts are shown elsewhere. */
export function fieldChanges(changes: unknown, skip: readonly string[] = []): string | null {
  if (typeof changes !== 'object' || changes === null) return null;
  const parts = Object.entries(changes as Record<string, { from?: unknown; to?: unknown } | null>)
    .filter(([field, change]) => FIELD_LABEL[field] && !skip.includes(field) && change)
    .map(([field, change]) => `${FIELD_LABEL[field]}: ${valueText(change!.from)} → ${valueText(change!.to)}`);
  return parts.length > 0 ? parts.join(' · ') : null;
}

/** Assignments by name (the service resolves ids); events from before names fall back to the e-mail. */
function assignmentSummary(p: Record<string, unknown>): Summary {
  const to = (p.toName ?? p.toEmail) as string | null | undefined;
  const from = p.fromName as string | null | undefined;
  const was = from ? ` (was ${from})` : '';
  if (!p.to) return { title: `Unassigned${was}` };
  if (p.reason === 'escalation') return { title: `Reassigned by escalation to ${to ?? 'a colleague'}${was}` };
  return { title: `Assigned to ${to ?? 'a former colleague'}${was}` };
}

type PriorityFields = { priority?: unknown; impact?: unknown; urgency?: unknown };

/**
 * "Priority P2 → P1", with what made it: events since the priority's previous state is recorded (`from`)
 * read "high impact × medium urgency → high impact × high urgency"; older ones list their changed fields.
 */
function prioritySummary(p: Record<string, unknown>): Summary {
  const changes = (p.changes ?? {}) as Record<string, { from?: unknown; to?: unknown }>;
  const from = (p.from ?? null) as PriorityFields | null;
  const before = changes.priority?.from ?? from?.priority;
  const after = changes.priority?.to ?? from?.priority;
  const by = p.reason === 'escalation' ? ' by escalation' : '';
  const title =
    before !== undefined && before !== after
      ? `Priority${by}: ${valueText(before)} → ${valueText(after)}`
      : `Impact × urgency changed${after !== undefined ? ` (priority stays ${valueText(after)})` : ''}`;
  if (from?.impact && from.urgency) {
    const next = {
      impact: changes.impact?.to ?? from.impact,
      urgency: changes.urgency?.to ?? from.urgency,
    };
    return {
      title,
      changes: `${valueText(from.impact)} impact × ${valueText(from.urgency)} urgency → ${valueText(next.impact)} impact × ${valueText(next.urgency)} urgency`,
    };
  }
  return { title, changes: fieldChanges(changes, ['priority']) };
}

function summarise(entry: TimelineEntry): Summary {
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
        changes: fieldChanges(p.changes),
      };
    }
    case 'comment.added':
      return {
        title: 'Comment',
        badge: p.visibility === 'public' ? 'public' : p.visibility === 'internal' ? 'internal' : undefined,
        body: String(p.body ?? ''),
        muted: p.visibility === 'internal',
      };
    case 'ticket.assigned':
      return assignmentSummary(p);
    case 'ticket.priority_changed':
      return prioritySummary(p);
    case 'sla.clock_started':
      return {
        title: (
          <>
            {metricLabel(p.metric)} SLA started{p.dueAt ? <>, due {formatInstant(p.dueAt)}</> : null}
          </>
        ),
      };
    case 'sla.clock_stop':
      return { title: `${metricLabel(p.metric)} SLA stopped: ${p.state === 'met' ? 'met' : 'missed'}` };
    case 'sla.clock_pause':
    case 'sla.clock_resume':
    case 'sla.clock_reopen':
      return { title: `${metricLabel(p.metric)} SLA ${CLOCK_VERB[entry.type]}`, muted: true };
    case 'sla.warning':
      return {
        title: (
          <>
            {metricLabel(p.metric)} SLA at {String(p.threshold)} % (due {formatInstant(p.dueAt)})
          </>
        ),
      };
    case 'sla.breached':
      return {
        title: (
          <>
            {metricLabel(p.metric)} SLA breached at {formatInstant(p.dueAt)}
          </>
        ),
      };
    case 'sla.clock_retargeted':
      return { title: `${metricLabel(p.metric)} SLA re-targeted`, body: String(p.reason ?? '') };
    case 'link.added':
      return { title: `Linked ${String(p.type).replaceAll('_', ' ')} ${String(p.ticket)}` };
    default:
      return alertSummary(entry) ?? securitySummary(entry) ?? labelled(entry) ?? { title: entry.type };
  }
}

/** Alert ingestion (DESIGN §2.7): alerts of an integration firing, resolving, acknowledged; change events. */
function alertSummary(entry: TimelineEntry): Summary | null {
  const p = entry.payload;
  const from = typeof p.integration === 'string' ? ` (${p.integration})` : '';
  const labels =
    p.labels && typeof p.labels === 'object'
      ? Object.entries(p.labels as Record<string, unknown>)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(' ')
      : '';
  switch (entry.type) {
    case 'alert.fired': {
      const held =
        typeof p.alertsOnTicket === 'number' && p.alertsOnTicket > 1
          ? ` (${p.alertsOnTicket} alerts on this ticket)`
          : '';
      return {
        title: `Alert firing${from}: ${String(p.summary ?? p.key ?? '')}${held}`,
        body: labels || undefined,
      };
    }
    case 'alert.flapping':
      return {
        title: `Alert flapping${from}: ${String(p.summary ?? p.key ?? '')}`,
        body: `Fired ${String(p.fires ?? '')} times within the flap window; its re-fires are not listed and the ticket does not recover while it flaps.`,
      };
    case 'alert.flap_settled':
      return {
        title: `Alert stopped flapping${from}: ${String(p.summary ?? p.key ?? '')}`,
        body: `Not heard for ${String(p.flapWindowMinutes ?? '')} minutes (its flap window) and no other alert fires: the ticket recovers.`,
      };
    case 'alert.resolved':
      return { title: `Alert resolved${from}: ${String(p.summary ?? p.key ?? '')}`, muted: true };
    case 'alert.acknowledged':
      return { title: `Alert acknowledged at its source${from}`, muted: true };
    case 'alert.routed':
      return { title: 'Opened from an alert by the integration’s routing rules', muted: true };
    case 'change.recorded':
      return { title: `Change${from}: ${String(p.summary ?? '')}`, muted: true };
    default:
      return null;
  }
}

/** An event type with a plain label (event-labels.ts), and the title of what it is about, if any. */
function labelled(entry: TimelineEntry): { title: string } | null {
  const label = EVENT_TYPE_LABEL[entry.type];
  if (!label) return null;
  // The item's title, or (a reopened review) the reason given.
  const about = entry.payload.title ?? entry.payload.reason;
  return { title: typeof about === 'string' && about ? `${label}: ${about}` : label };
}

/** Handoff, NOC action and SOC workspace events (DESIGN §2.3). */
function securitySummary(entry: TimelineEntry): Summary | null {
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
    // Cross-team correlation (issue #14): on the incident, what matched; on the outage, only the number.
    case 'correlation.linked':
      return {
        title: `Alert on ${text(p.ticket)} names an observable${p.linkAdded ? ' (linked)' : ''}`,
        body: `${text((p.observable as { type?: unknown })?.type)} ${text((p.observable as { value?: unknown })?.value)} — ${text(p.integration)} alert ${text(p.alertKey)}`,
      };
    case 'correlation.noc_action_asked':
      return {
        title: p.outage
          ? `${text(p.outage)} asks for a NOC action request before remediating`
          : `Asked ${text(p.incident)} for a NOC action request`,
        body: text(p.details),
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

/** What kind of event a line is, as a chip before its title (comments show their visibility instead). */
export function eventCategory(type: string): string | null {
  if (type === 'ticket.transitioned') return 'Status';
  if (type === 'ticket.assigned') return 'Assignment';
  if (type === 'ticket.priority_changed') return 'Priority';
  const prefix = type.slice(0, type.indexOf('.'));
  const byPrefix: Record<string, string> = {
    sla: 'SLA clock',
    escalation: 'Escalation',
    handoff: 'Handoff',
    evidence: 'Custody',
    noc_action: 'NOC action',
    link: 'Link',
    observable: 'SOC',
    attack: 'SOC',
    task: 'SOC',
    notice: 'Notice',
  };
  return byPrefix[prefix] ?? null;
}

const BADGE = {
  internal: {
    text: 'Internal',
    className:
      'border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200',
  },
  public: {
    text: 'Public',
    className: 'border-sky-300 bg-sky-50 text-sky-900 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-200',
  },
} as const;

export function Timeline({ entries }: { entries: TimelineEntry[] }) {
  if (entries.length === 0)
    return <p className="text-sm text-muted">Nothing has happened on this ticket yet.</p>;
  return (
    <ol className="space-y-3 border-l border-zinc-200 pl-4 dark:border-zinc-800" aria-label="Timeline">
      {entries.map((entry) => {
        const d = summarise(entry);
        const skipped = skippedText(entry.payload.skipped);
        const category = eventCategory(entry.type);
        const badge = d.badge ? BADGE[d.badge] : null;
        return (
          <li key={entry.seq} className="break-words text-sm" data-event={entry.type}>
            <p>
              {category && (
                <span className="mr-2 rounded bg-zinc-100 px-1.5 py-0.5 text-xs font-medium text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
                  {category}
                </span>
              )}
              <span className="font-medium">{d.title}</span>
              {badge && (
                <span className={`ml-2 rounded border px-1.5 py-0.5 text-xs font-medium ${badge.className}`}>
                  {badge.text}
                </span>
              )}
              <span className="ml-2 text-muted">
                {entry.actor} · <RelativeTime date={entry.at} />
              </span>
            </p>
            {d.changes && <p className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">{d.changes}</p>}
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

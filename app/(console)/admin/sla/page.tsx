import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { buttonClassName } from '@/app/_components/form';
import { targetCalendarIds } from '@/workflows/sla/targets';
import { AdminTable, cellClass, linkClass, rowClass } from '../_components/admin-table';
import { SLA_ADMIN_TITLE, slaAdminAccess } from './_components/admin-page';
import { detailPath, SLA_ADMIN_SECTIONS, type SlaAdminSection } from './_components/routes';
import { holidaysSummary, levelSummary, targetSummary, weeklySummary } from './_components/summaries';

export const metadata: Metadata = { title: 'SLA policies' };
export const dynamic = 'force-dynamic';

/** One list: its heading, the "New …" link for admins, and a table with a row per item. */
function ListSection(props: {
  section: SlaAdminSection;
  canEdit: boolean;
  head: string[];
  empty: string;
  rows: ReactNode[];
}) {
  const { title, one } = SLA_ADMIN_SECTIONS[props.section];
  return (
    <section id={props.section} aria-labelledby={`${props.section}-heading`}>
      <div className="mb-2 flex items-center justify-between gap-4">
        <h2 id={`${props.section}-heading`} className="text-lg font-semibold">
          {title}
        </h2>
        {props.canEdit && (
          <Link href={detailPath(props.section, 'new')} className={buttonClassName()}>
            New {one}
          </Link>
        )}
      </div>
      <AdminTable label={title} head={props.head} empty={props.empty} rows={props.rows} />
    </section>
  );
}

/**
 * The SLA set-up at a glance: business calendars, SLA policies and escalation policies, one line each
 * with a summary; each opens its own page to edit (admins) or read (managers).
 */
export default async function SlaAdminPage() {
  const { api, canEdit } = await slaAdminAccess();
  const [calendars, policies, escalations, staff] = await Promise.all([
    api.sla.calendars(),
    api.sla.policies(),
    api.escalationPolicies.list(),
    api.directory.staff(),
  ]);
  const calendarName = new Map(calendars.map((c) => [c.id, c.name]));
  const escalationName = new Map(escalations.map((e) => [e.id, e.name]));
  const staffName = new Map(staff.map((s) => [s.id, s.name]));
  const names = (list: { name: string }[]) => list.map((p) => p.name).join(', ') || '—';
  return (
    <div className="max-w-5xl space-y-10">
      <h1 className="text-xl font-semibold">{SLA_ADMIN_TITLE}</h1>
      <ListSection
        section="calendars"
        canEdit={canEdit}
        head={['Name', 'Time zone', 'Working hours', 'Holidays', 'Used by']}
        empty="No business calendars yet."
        rows={calendars.map((c) => (
          <tr key={c.id} className={rowClass}>
            <td className={cellClass}>
              <Link className={linkClass} href={detailPath('calendars', c.id)}>
                {c.name}
              </Link>
            </td>
            <td className={cellClass}>{c.timeZone}</td>
            <td className={cellClass}>{weeklySummary(c.weekly)}</td>
            <td className={cellClass}>{holidaysSummary(c.holidays, c.holidayPreset)}</td>
            <td className={cellClass}>
              {names(
                policies.filter((p) => p.calendarId === c.id || targetCalendarIds(p.targets).includes(c.id)),
              )}
            </td>
          </tr>
        ))}
      />
      <ListSection
        section="policies"
        canEdit={canEdit}
        head={['Name', 'Calendar', 'P1 response', 'P1 resolution', 'Warn at', 'Escalation']}
        empty="No SLA policies yet."
        rows={policies.map((p) => (
          <tr key={p.id} className={rowClass}>
            <td className={cellClass}>
              <Link className={linkClass} href={detailPath('policies', p.id)}>
                {p.name}
              </Link>
            </td>
            <td className={cellClass}>{calendarName.get(p.calendarId) ?? '—'}</td>
            <td className={cellClass}>{targetSummary(p.targets.response?.byPriority?.P1)}</td>
            <td className={cellClass}>{targetSummary(p.targets.resolution?.byPriority?.P1)}</td>
            <td className={cellClass}>{p.warnThresholds.map((t) => `${t} %`).join(', ') || '—'}</td>
            <td className={cellClass}>
              {(p.escalationPolicyId && escalationName.get(p.escalationPolicyId)) || '—'}
            </td>
          </tr>
        ))}
      />
      <ListSection
        section="escalationPolicies"
        canEdit={canEdit}
        head={['Name', 'Levels', 'Repeat', 'Used by']}
        empty="No escalation policies yet."
        rows={escalations.map((e) => (
          <tr key={e.id} className={rowClass}>
            <td className={cellClass}>
              <Link className={linkClass} href={detailPath('escalationPolicies', e.id)}>
                {e.name}
              </Link>
            </td>
            <td className={cellClass}>
              <ol className="list-decimal pl-4">
                {e.levels.map((level, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: levels are ordered and have no id
                  <li key={index}>{levelSummary(level, staffName)}</li>
                ))}
              </ol>
            </td>
            <td className={cellClass}>{e.repeat === 0 ? 'once' : `${e.repeat} more ×`}</td>
            <td className={cellClass}>{names(policies.filter((p) => p.escalationPolicyId === e.id))}</td>
          </tr>
        ))}
      />
    </div>
  );
}

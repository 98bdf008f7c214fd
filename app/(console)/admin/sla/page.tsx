import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { requireSession, serverCaller } from '@/server/api/server-caller';
import { roleHas } from '@/server/auth/permissions';
import type { EscalationLevel } from '@/workflows/escalation/policy';
import { CalendarEditor } from './calendar-editor';
import { EscalationPolicyEditor } from './escalation-policy-editor';
import { PolicyEditor } from './policy-editor';

export const metadata: Metadata = { title: 'SLA policies' };
export const dynamic = 'force-dynamic';

const METRIC_NAMES: Record<string, string> = {
  response: 'response',
  resolution: 'resolution',
  handoff_acceptance: 'handoff acceptance',
  noc_action: 'NOC action',
};
const ACTION_NAMES: Record<string, string> = {
  notify: 'notify',
  reassign: 'reassign',
  raise_priority: 'raise priority',
};

/** One escalation level as a line: "resolution breached → user Ann, team SOC: reassign, raise priority". */
function levelSummary(level: EscalationLevel, staffName: Map<string, string>): string {
  const t = level.trigger;
  const when =
    t.kind === 'unacknowledged'
      ? `unacknowledged ${t.minutes} min`
      : t.kind === 'clock_percent'
        ? `${METRIC_NAMES[t.metric] ?? t.metric} at ${t.percent} %`
        : `${METRIC_NAMES[t.metric] ?? t.metric} breached`;
  const who = level.targets
    .map((target) =>
      target.kind === 'user'
        ? `user ${staffName.get(target.id) ?? '(inactive)'}`
        : `${target.kind} ${target.kind === 'team' ? target.id.toUpperCase() : target.id}`,
    )
    .join(', ');
  return `${when} → ${who}: ${level.actions.map((a) => ACTION_NAMES[a] ?? a).join(', ')}`;
}

/** Admins edit business calendars, SLA and escalation policies; managers read them. */
export default async function SlaAdminPage() {
  const { user } = await requireSession();
  if (!roleHas(user.role, 'admin.read')) notFound();
  const canEdit = roleHas(user.role, 'admin.write');
  const api = await serverCaller();
  const [calendars, policies, escalations, staff] = await Promise.all([
    api.sla.calendars(),
    api.sla.policies(),
    api.escalationPolicies.list(),
    api.directory.staff(),
  ]);
  const calendarOptions = calendars.map((c) => ({ id: c.id, name: c.name }));
  const staffOptions = staff.map((s) => ({ id: s.id, name: s.name, role: s.role }));
  const escalationOptions = escalations.map((e) => ({ id: e.id, name: e.name }));
  const staffName = new Map(staff.map((s) => [s.id, s.name]));
  return (
    <div className="max-w-5xl space-y-10">
      <section>
        <h1 className="mb-4 text-xl font-semibold">Business calendars</h1>
        <div className="space-y-6">
          {calendars.map((c) => (
            <CalendarEditor
              key={c.id}
              readOnly={!canEdit}
              initial={{
                id: c.id,
                name: c.name,
                timeZone: c.timeZone,
                weekly: c.weekly,
                holidays: c.holidays,
                holidayPreset: c.holidayPreset,
              }}
            />
          ))}
          {canEdit && <CalendarEditor initial={null} readOnly={false} />}
        </div>
      </section>
      <section>
        <h2 className="mb-4 text-xl font-semibold">SLA policies</h2>
        <div className="space-y-6">
          {policies.map((p) => (
            <PolicyEditor
              key={p.id}
              readOnly={!canEdit}
              calendars={calendarOptions}
              escalationPolicies={escalationOptions}
              initial={{
                id: p.id,
                name: p.name,
                calendarId: p.calendarId,
                escalationPolicyId: p.escalationPolicyId,
                targets: p.targets,
                warnThresholds: p.warnThresholds,
              }}
            />
          ))}
          {canEdit && (
            <PolicyEditor
              initial={null}
              readOnly={false}
              calendars={calendarOptions}
              escalationPolicies={escalationOptions}
            />
          )}
        </div>
      </section>
      <section aria-labelledby="escalation-policies">
        <h2 id="escalation-policies" className="mb-4 text-xl font-semibold">
          Escalation policies
        </h2>
        <table aria-label="Escalation policies" className="mb-6 w-full text-sm">
          <thead className="text-left text-xs uppercase tracking-wide text-muted">
            <tr>
              <th className="pr-3 font-medium">Name</th>
              <th className="pr-3 font-medium">Levels</th>
              <th className="pr-3 font-medium">Repeat</th>
              <th className="font-medium">Used by</th>
            </tr>
          </thead>
          <tbody>
            {escalations.map((e) => (
              <tr key={e.id} className="border-t border-zinc-200 align-top dark:border-zinc-800">
                <td className="py-1 pr-3 font-medium">{e.name}</td>
                <td className="py-1 pr-3">
                  <ol className="list-decimal pl-4">
                    {e.levels.map((level, index) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: levels are ordered and have no id
                      <li key={index}>{levelSummary(level, staffName)}</li>
                    ))}
                  </ol>
                </td>
                <td className="py-1 pr-3">{e.repeat === 0 ? 'once' : `${e.repeat} more ×`}</td>
                <td className="py-1">
                  {policies
                    .filter((p) => p.escalationPolicyId === e.id)
                    .map((p) => p.name)
                    .join(', ') || '—'}
                </td>
              </tr>
            ))}
            {escalations.length === 0 && (
              <tr>
                <td colSpan={4} className="py-1 text-muted">
                  No escalation policies yet.
                </td>
              </tr>
            )}
          </tbody>
        </table>
        <div className="space-y-6">
          {escalations.map((e) => (
            <EscalationPolicyEditor
              key={e.id}
              readOnly={!canEdit}
              staff={staffOptions}
              initial={{ id: e.id, name: e.name, levels: e.levels, repeat: e.repeat }}
            />
          ))}
          {canEdit && <EscalationPolicyEditor initial={null} readOnly={false} staff={staffOptions} />}
        </div>
      </section>
    </div>
  );
}

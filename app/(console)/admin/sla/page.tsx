import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { requireSession, serverCaller } from '@/server/api/server-caller';
import { roleHas } from '@/server/auth/permissions';
import { CalendarEditor } from './calendar-editor';
import { PolicyEditor } from './policy-editor';

export const metadata: Metadata = { title: 'SLA policies' };
export const dynamic = 'force-dynamic';

/** Admins edit business calendars and SLA policies; managers read them. */
export default async function SlaAdminPage() {
  const { user } = await requireSession();
  if (!roleHas(user.role, 'admin.read')) notFound();
  const canEdit = roleHas(user.role, 'admin.write');
  const api = await serverCaller();
  const [calendars, policies] = await Promise.all([api.sla.calendars(), api.sla.policies()]);
  const calendarOptions = calendars.map((c) => ({ id: c.id, name: c.name }));
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
              initial={{
                id: p.id,
                name: p.name,
                calendarId: p.calendarId,
                targets: p.targets,
                warnThresholds: p.warnThresholds,
              }}
            />
          ))}
          {canEdit && <PolicyEditor initial={null} readOnly={false} calendars={calendarOptions} />}
        </div>
      </section>
    </div>
  );
}

import type { Metadata } from 'next';
import { ZonedTime } from '@/app/_components/zoned-time';
import { requireSession, serverCaller } from '@/server/api/server-caller';
import { roleHas } from '@/server/auth/permissions';
import type { MaintenanceView } from '@/server/services/status/maintenance/list';
import { MAINTENANCE_STATE_LABEL } from '@/workflows/status/maintenance';
import { MaintenanceActions } from './_components/maintenance-actions';
import { ScheduleMaintenanceForm } from './_components/schedule-form';

export const metadata: Metadata = { title: 'Maintenance' };
export const dynamic = 'force-dynamic';

const heading = 'mb-2 text-sm font-semibold uppercase tracking-wide text-muted';
const cell = 'py-1.5 pr-3';
const row = 'border-b border-zinc-100 align-top dark:border-zinc-900';

/**
 * Scheduled maintenance (DESIGN §2.6): windows in progress, upcoming and recently finished, with their
 * services; those who work outages schedule new windows and start, complete or cancel them.
 */
export default async function MaintenancePage() {
  const { user } = await requireSession();
  const api = await serverCaller();
  const mayAct = roleHas(user.role, 'outage.work');
  const [lists, organisations] = await Promise.all([
    api.maintenance.list({ recent: 20 }),
    mayAct ? api.directory.organisations() : [],
  ]);
  return (
    <div className="max-w-6xl space-y-8">
      <h1 className="text-xl font-semibold">Scheduled maintenance</h1>
      <Windows
        id="in-progress"
        title="In progress"
        empty="No maintenance in progress."
        rows={lists.inProgress}
      />
      <Windows id="upcoming" title="Upcoming" empty="Nothing scheduled." rows={lists.upcoming} />
      <Windows id="recent" title="Recent" empty="No finished windows yet." rows={lists.recent} />
      {mayAct && (
        <section aria-labelledby="schedule" className="space-y-3">
          <h2 id="schedule" className={heading}>
            Schedule maintenance
          </h2>
          <ScheduleMaintenanceForm organisations={organisations} />
        </section>
      )}
    </div>
  );
}

function Windows(props: { id: string; title: string; empty: string; rows: MaintenanceView[] }) {
  const actions = props.rows.some((m) => m.actions.length > 0);
  const head = ['Title', 'Customer', 'Services', 'Window', 'State', ...(actions ? [''] : [])];
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id} className={heading}>
        {props.title}
      </h2>
      <div className="overflow-x-auto">
        <table aria-labelledby={props.id} className="w-full text-left text-sm">
          <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-muted dark:border-zinc-800">
            <tr>
              {head.map((h, i) => (
                <th key={h || `col-${i}`} className="py-1 pr-3 font-medium">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.rows.length === 0 ? (
              <tr>
                <td colSpan={head.length} className={`${cell} text-muted`}>
                  {props.empty}
                </td>
              </tr>
            ) : (
              props.rows.map((m) => (
                <tr key={m.id} className={row}>
                  <td className={cell}>
                    <p className="font-medium">{m.title}</p>
                    {m.body && <p className="line-clamp-2 text-muted">{m.body}</p>}
                  </td>
                  <td className={cell}>{m.organisation.name}</td>
                  <td className={cell}>{m.services.map((s) => s.name).join(', ') || '—'}</td>
                  <td className={cell}>
                    <ZonedTime instant={m.startedAt ?? m.scheduledFor} /> →{' '}
                    <ZonedTime instant={m.completedAt ?? m.scheduledUntil} />
                  </td>
                  <td className={cell}>
                    <StateWord state={m.state} />
                  </td>
                  {actions && (
                    <td className={cell}>
                      <MaintenanceActions id={m.id} title={m.title} version={m.version} actions={m.actions} />
                    </td>
                  )}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}

const STATE_LOOK: Record<MaintenanceView['state'], string> = {
  // Maintenance blue, as the status page's under-maintenance components.
  in_progress: 'bg-blue-100 text-blue-900 dark:bg-blue-950 dark:text-blue-200',
  scheduled: 'bg-sky-50 text-sky-900 dark:bg-sky-950 dark:text-sky-200',
  completed: 'bg-zinc-200 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200',
  cancelled: 'bg-zinc-200 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200',
};

function StateWord({ state }: { state: MaintenanceView['state'] }) {
  return (
    <span className={`whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium ${STATE_LOOK[state]}`}>
      {MAINTENANCE_STATE_LABEL[state]}
    </span>
  );
}

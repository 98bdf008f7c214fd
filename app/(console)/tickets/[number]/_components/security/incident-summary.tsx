import { TlpBadge } from '@/app/_components/badges';
import { Dash, muted, type Workspace } from './section';

/**
 * What an analyst checks before acting on any tab: the markings (may this leave the room?), severity,
 * classification, and how much of each kind of work there is. Beside the tabs on wide screens, above
 * them on narrow ones.
 */
export function IncidentSummary({ workspace: ws }: { workspace: Workspace }) {
  const i = ws.incident;
  const iocs = ws.observables.filter((o) => o.ioc).length;
  const openTasks = ws.tasks.filter((t) => t.status === 'open').length;
  const openRequests = ws.nocActions.filter((a) => a.status === 'open').length;
  return (
    <aside
      aria-label="Incident summary"
      className="rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800"
    >
      <h2 className="mb-2 text-sm font-semibold uppercase tracking-wide text-muted">Summary</h2>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
        <dt className={muted}>Markings</dt>
        <dd className="flex flex-wrap items-center gap-1">
          {i.tlp ? <TlpBadge tlp={i.tlp} /> : <span className="text-muted">No TLP</span>}
          {i.pap && <span className="font-mono text-xs font-bold">PAP:{i.pap}</span>}
        </dd>
        <dt className={muted}>Severity</dt>
        <dd className="capitalize">{i.severity ?? <Dash />}</dd>
        <dt className={muted}>Classification</dt>
        <dd>{i.classification || <Dash />}</dd>
        <dt className={muted}>Observables</dt>
        <dd>
          {ws.observables.length}
          {iocs > 0 && <span className="font-semibold text-red-700 dark:text-red-400"> · {iocs} IOC</span>}
        </dd>
        <dt className={muted}>Evidence</dt>
        <dd>{ws.evidence.length}</dd>
        <dt className={muted}>Open tasks</dt>
        <dd>{openTasks}</dd>
        <dt className={muted}>NOC requests</dt>
        <dd>{openRequests} open</dd>
        <dt className={muted}>Notice</dt>
        <dd>{i.notice ? 'Published' : 'None'}</dd>
      </dl>
    </aside>
  );
}

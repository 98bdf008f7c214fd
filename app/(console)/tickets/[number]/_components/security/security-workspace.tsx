import type { StaffMember } from '@/server/services/directory/list-staff';
import { AccessLog } from './access-log';
import { Attack } from './attack';
import { Classification } from './classification';
import { CustomerNotice } from './customer-notice';
import { Evidence } from './evidence';
import { HandoffContext } from './handoff-context';
import { IncidentSummary } from './incident-summary';
import { NocActions } from './noc-actions';
import { Observables } from './observables';
import type { Workspace } from './section';
import { Tasks } from './tasks';
import { type WorkspaceTab, WorkspaceTabs } from './workspace-tabs';

/**
 * The SOC workspace of one security incident, as the page read it (security.workspace, for full readers
 * only: it answers NOT_FOUND to anyone else, and records the read). Forms appear only for those who may
 * work it (`canWork`, with `staff` to assign tasks to); managers read. `organisationName` names the
 * customer in the notice's confirmation.
 *
 * One tab per kind of work (`?tab=` in the URL), the summary beside them once the workspace is wide
 * enough (a container query: it follows the room the page gives it, not the window).
 */
export function SecurityWorkspace({
  ticketId,
  workspace: ws,
  staff,
  canWork,
  organisationName,
}: {
  ticketId: string;
  workspace: Workspace;
  staff: readonly StaffMember[];
  canWork: boolean;
  organisationName?: string;
}) {
  // Tasks go to people who may work the incident.
  const assignees = staff.filter((s) => s.role === 'soc_analyst' || s.role === 'admin');
  const renderedAt = Date.now();
  const open = (items: readonly { status: string }[]) => items.filter((i) => i.status === 'open').length;
  const tabs: WorkspaceTab[] = [
    {
      id: 'overview',
      label: 'Overview',
      panel: (
        <>
          <Classification incident={ws.incident} canWork={canWork} />
          <HandoffContext context={ws.receivedContext} />
        </>
      ),
    },
    {
      id: 'observables',
      label: 'Observables',
      count: ws.observables.length,
      panel: <Observables ticketId={ticketId} observables={ws.observables} canWork={canWork} />,
    },
    {
      id: 'attack',
      label: 'ATT&CK',
      count: ws.techniques.length,
      panel: <Attack ticketId={ticketId} techniques={ws.techniques} canWork={canWork} />,
    },
    {
      id: 'evidence',
      label: 'Evidence',
      count: ws.evidence.length,
      panel: <Evidence ticketId={ticketId} evidence={ws.evidence} canWork={canWork} />,
    },
    {
      id: 'tasks',
      label: 'Tasks & NOC actions',
      // What is still to do: open tasks and open requests to the NOC.
      count: open(ws.tasks) + open(ws.nocActions),
      panel: (
        <>
          <Tasks ticketId={ticketId} tasks={ws.tasks} canWork={canWork} assignees={assignees} />
          <NocActions
            ticketId={ticketId}
            nocActions={ws.nocActions}
            handoffs={ws.handoffs}
            canWork={canWork}
            renderedAt={renderedAt}
          />
        </>
      ),
    },
    {
      id: 'notice',
      label: 'Customer notice',
      panel: (
        <CustomerNotice
          ticketId={ticketId}
          notice={ws.incident.notice}
          organisationName={organisationName}
          canWork={canWork}
        />
      ),
    },
    {
      id: 'access',
      label: 'Access log',
      count: ws.accessLog.total,
      panel: <AccessLog log={ws.accessLog} />,
    },
  ];
  return (
    <div data-testid="security-workspace" className="@container mt-8">
      <div className="grid gap-4 @4xl:grid-cols-[minmax(0,1fr)_16rem]">
        <div className="@4xl:col-start-2 @4xl:row-start-1">
          <IncidentSummary workspace={ws} />
        </div>
        <div className="min-w-0 @4xl:col-start-1 @4xl:row-start-1">
          <WorkspaceTabs label="SOC workspace" tabs={tabs} />
        </div>
      </div>
    </div>
  );
}

import type { StaffMember } from '@/server/services/directory/list-staff';
import { AccessLog } from './access-log';
import { Attack } from './attack';
import { Classification } from './classification';
import { CustomerNotice } from './customer-notice';
import { Evidence } from './evidence';
import { HandoffContext } from './handoff-context';
import { NocActions } from './noc-actions';
import { Observables } from './observables';
import type { Workspace } from './section';
import { Tasks } from './tasks';

/**
 * The SOC workspace of one security incident, as the page read it (security.workspace, for full readers
 * only: it answers NOT_FOUND to anyone else, and records the read). Forms appear only for those who may
 * work it (`canWork`, with `staff` to assign tasks to); managers read. `organisationName` names the
 * customer in the notice's confirmation.
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
  return (
    <div data-testid="security-workspace">
      <Classification incident={ws.incident} canWork={canWork} />
      <HandoffContext context={ws.receivedContext} />
      <Observables ticketId={ticketId} observables={ws.observables} canWork={canWork} />
      <Attack ticketId={ticketId} techniques={ws.techniques} canWork={canWork} />
      <Evidence ticketId={ticketId} evidence={ws.evidence} canWork={canWork} />
      <Tasks ticketId={ticketId} tasks={ws.tasks} canWork={canWork} assignees={assignees} />
      <NocActions
        ticketId={ticketId}
        nocActions={ws.nocActions}
        handoffs={ws.handoffs}
        canWork={canWork}
        renderedAt={renderedAt}
      />
      <CustomerNotice
        ticketId={ticketId}
        notice={ws.incident.notice}
        organisationName={organisationName}
        canWork={canWork}
      />
      <AccessLog entries={ws.accessLog} />
    </div>
  );
}

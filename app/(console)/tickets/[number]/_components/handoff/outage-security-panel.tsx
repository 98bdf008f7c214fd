import { TriangleAlert } from 'lucide-react';
import Link from 'next/link';
import { RelativeTime } from '@/app/_components/relative-time';
import { SlaClockBadge } from '@/app/_components/sla-clock';
import { requireSession, serverCaller } from '@/server/api/server-caller';
import { roleHas } from '@/server/auth/permissions';
import type { TicketView } from '@/server/services/tickets/internal/view';
import { CompleteNocAction } from './complete-noc-action';
import { RequestHandoffForm } from './request-handoff-form';
import { SocOutageControls } from './soc-outage-controls';

const LINK_LABEL: Record<string, string> = {
  none: 'No security concern raised',
  handoff_requested: 'Handoff to the SOC requested',
  under_soc_investigation: 'Under SOC investigation',
  cleared: 'Cleared by the SOC',
};

const heading = 'mb-2 text-sm font-semibold uppercase tracking-wide text-muted';

/** The outage's side of DESIGN §2.3: handoffs, the SOC's hold, and the SOC's requests to the NOC. */
export async function OutageSecurityPanel({
  ticket,
  correlatedHold = false,
}: {
  ticket: TicketView;
  /** A correlated incident preserves evidence (issue #14): completing a request asks first, too. */
  correlatedHold?: boolean;
}) {
  const { user } = await requireSession();
  const api = await serverCaller();
  const [history, actions] = await Promise.all([
    api.handoffs.list({ scope: 'all', outageId: ticket.id }),
    api.nocActions.list({ id: ticket.id }),
  ]);
  const link = ticket.securityLink ?? 'none';
  const canRequest =
    roleHas(user.role, 'handoff.request') && link === 'none' && ticket.status !== 'closed' && ticket.version;
  const socWorks = roleHas(user.role, 'security.work');
  const nocWorks = roleHas(user.role, 'outage.work');
  const open = history.find((h) => h.status === 'requested' || h.status === 'escalated');
  const socInvolved = link === 'handoff_requested' || link === 'under_soc_investigation';
  return (
    <section aria-label="Security" className="my-6 space-y-3">
      <h2 className={heading}>Security</h2>
      <p className="text-sm">
        <span className="font-medium">{LINK_LABEL[link]}</span>
        {open?.acceptanceClock && (
          <span className="ml-2">
            acceptance <SlaClockBadge clock={open.acceptanceClock} renderedAt={Date.now()} />
          </span>
        )}
      </p>
      {ticket.preserveEvidence && (
        <p
          role="status"
          className="flex gap-2 rounded-md border border-amber-400 bg-amber-50 p-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200"
        >
          <TriangleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
          Evidence hold: the SOC is preserving evidence. Do not reboot, reimage or wipe affected systems; the
          outage cannot be closed until the hold is lifted.
        </p>
      )}
      {history.length > 0 && (
        <ul className="space-y-2 text-sm">
          {history.map((h) => (
            <li key={h.id} className="rounded-md border border-zinc-200 p-2 dark:border-zinc-800">
              <span className="font-medium">Handoff {h.status}</span> · requested by{' '}
              {h.requestedBy ?? 'system'} <RelativeTime date={h.requestedAt} /> · confidence {h.confidence}
              {h.incident && (
                <>
                  {' '}
                  → <Link href={`/tickets/${h.incident.number}`}>{h.incident.number}</Link>
                </>
              )}
              <p className="mt-1 text-zinc-600 dark:text-zinc-400">{h.hypothesis}</p>
              {h.declineReason && <p className="mt-1">Declined: {h.declineReason}</p>}
            </li>
          ))}
        </ul>
      )}
      {actions.length > 0 && (
        <div>
          <h3 className="mb-1 text-sm font-semibold">Requests from the SOC</h3>
          <ul className="space-y-2 text-sm">
            {actions.map((a) => (
              <li key={a.id} className="rounded-md border border-zinc-200 p-2 dark:border-zinc-800">
                <span className="font-medium">{a.title}</span> · {a.status}
                {a.clock && (
                  <span className="ml-2">
                    <SlaClockBadge clock={a.clock} renderedAt={Date.now()} />
                  </span>
                )}
                <p className="mt-1 whitespace-pre-wrap">{a.details}</p>
                {a.result && <p className="mt-1">Result: {a.result}</p>}
                {a.status === 'open' && nocWorks && (
                  <CompleteNocAction
                    taskId={a.id}
                    preserveEvidence={ticket.preserveEvidence || correlatedHold}
                    incident={a.incident}
                  />
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {socWorks && socInvolved && (
        <SocOutageControls
          outageId={ticket.id}
          preserveEvidence={ticket.preserveEvidence}
          canClear={link === 'under_soc_investigation'}
        />
      )}
      {canRequest && (
        <details className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
          <summary className="cursor-pointer font-medium">Hand off to SOC…</summary>
          <div className="mt-3">
            <RequestHandoffForm outageId={ticket.id} version={ticket.version!} />
          </div>
        </details>
      )}
    </section>
  );
}

import type { Metadata } from 'next';
import { SlaPanel } from '@/app/_components/sla-panel';
import { orNotFound, requireSession, serverCaller } from '@/server/api/server-caller';
import { roleHas } from '@/server/auth/permissions';
import { CommentForm } from './_components/comment-form';
import { CorrelatedEvidenceHolds } from './_components/handoff/correlated-evidence-holds';
import { OutageSecurityPanel } from './_components/handoff/outage-security-panel';
import { IncidentStub } from './_components/incident-stub';
import { LinkForm } from './_components/link-form';
import { LinkedTickets } from './_components/linked-tickets';
import { PostIncidentReview } from './_components/review/post-incident-review';
import { SecurityWorkspace } from './_components/security/security-workspace';
import { PublicUpdates } from './_components/status/public-updates';
import { TicketActions } from './_components/ticket-actions';
import { TicketDetails } from './_components/ticket-details';
import { TicketHeader } from './_components/ticket-header';
import { Timeline } from './_components/timeline';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ number: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).number.toUpperCase() };
}

const heading = 'mb-2 text-sm font-semibold uppercase tracking-wide text-muted';

function Panel({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="min-w-0">
      <h2 id={id} className={heading}>
        {title}
      </h2>
      {children}
    </section>
  );
}

/**
 * The ticket workspace: header and actions across the top; below, on wide screens (lg, 1024 px), the work
 * (description, timeline and composer, security panels) beside a side column of SLA, details and links.
 * Narrower, one column with the side column first: the SLA is what an engineer looks for.
 */
export default async function TicketPage({ params }: Props) {
  // Next hands params over decoded already: decoding again threw on `%25E0` (a 500) and misread `%2541`.
  const { number } = await params;
  const { user } = await requireSession();
  // One page view (server-caller.ts): these reads and the SOC workspace's share one load and visibility
  // check of the ticket, and an incident's view is recorded once.
  const api = await serverCaller();
  const ticket = await orNotFound(api.tickets.get({ number }));
  if (ticket.projection === 'stub') return <IncidentStub ticket={ticket} />;
  const soc = ticket.kind === 'security' && ticket.projection === 'full';
  const canWork = roleHas(user.role, 'security.work');
  const staffOutage = ticket.kind === 'outage' && ticket.projection === 'full';
  const [timeline, allowed, links, workspace, staff, holds] = await Promise.all([
    api.tickets.timeline({ id: ticket.id }),
    api.tickets.allowedActions({ id: ticket.id }),
    api.tickets.links({ id: ticket.id }),
    soc ? api.security.workspace({ id: ticket.id }) : null,
    soc && canWork ? api.directory.staff() : [],
    // Incidents its alerts named that preserve evidence (cross-team correlation), as stubs.
    staffOutage ? api.correlation.evidenceHolds({ id: ticket.id }) : [],
  ]);
  return (
    <article className="mx-auto max-w-7xl">
      <TicketHeader ticket={ticket} />
      <CorrelatedEvidenceHolds
        holds={holds}
        outage={{ id: ticket.id, number: ticket.number }}
        socWorks={canWork}
        nocWorks={roleHas(user.role, 'outage.work') && ticket.status !== 'closed'}
      />
      {allowed.version !== null && (
        <TicketActions
          ticketId={ticket.id}
          version={allowed.version}
          actions={allowed.actions}
          preserveEvidence={ticket.preserveEvidence}
          heldBy={holds.map((h) => h.number)}
        />
      )}
      <div className="mt-4 grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem] xl:grid-cols-[minmax(0,1fr)_26rem]">
        <aside aria-label="SLA and details" className="min-w-0 space-y-6 lg:col-start-2 lg:row-start-1">
          <Panel id="ticket-sla" title="SLA">
            <SlaPanel
              clocks={ticket.clocks}
              renderedAt={Date.now()}
              customerTimeZone={ticket.organisation.timeZone}
            />
          </Panel>
          <Panel id="ticket-details" title="Details">
            <TicketDetails ticket={ticket} />
          </Panel>
          <Panel id="ticket-links" title="Linked tickets">
            <LinkedTickets links={links} />
            {allowed.version !== null && (
              <div className="mt-3">
                <LinkForm ticketId={ticket.id} />
              </div>
            )}
          </Panel>
        </aside>
        <div className="min-w-0 space-y-8 lg:col-start-1 lg:row-start-1">
          {ticket.description && (
            <Panel id="ticket-description" title="Description">
              <p className="whitespace-pre-wrap break-words">{ticket.description}</p>
            </Panel>
          )}
          {ticket.kind === 'outage' && <PublicUpdates ticketId={ticket.id} ticketTitle={ticket.title} />}
          {ticket.kind === 'outage' && ['resolved', 'closed'].includes(ticket.status) && (
            <PostIncidentReview ticketId={ticket.id} />
          )}
          <Panel id="ticket-timeline" title="Timeline">
            <Timeline entries={timeline} />
            <div className="mt-6">
              <CommentForm ticketId={ticket.id} allowPublic={ticket.kind === 'outage'} />
            </div>
          </Panel>
          {ticket.kind === 'outage' && ticket.projection === 'full' && (
            <OutageSecurityPanel ticket={ticket} correlatedHold={holds.length > 0} />
          )}
          {workspace && (
            <SecurityWorkspace
              ticketId={ticket.id}
              workspace={workspace}
              staff={staff}
              canWork={canWork}
              organisationName={ticket.organisation.name}
            />
          )}
        </div>
      </div>
    </article>
  );
}

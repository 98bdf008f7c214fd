import { CircleCheck } from 'lucide-react';
import type { Metadata } from 'next';
import { PriorityChip, TicketStatusBadge, TlpBadge } from '@/app/_components/badges';
import { RelativeTime } from '@/app/_components/relative-time';
import { SlaClockTable } from '@/app/_components/sla-clock';
import { orNotFound, requireSession, serverCaller } from '@/server/api/server-caller';
import { roleHas } from '@/server/auth/permissions';
import { AssigneePicker } from './_components/assignee-picker';
import { CommentForm } from './_components/comment-form';
import { OutageSecurityPanel } from './_components/handoff/outage-security-panel';
import { IncidentStub } from './_components/incident-stub';
import { PostIncidentReview } from './_components/review/post-incident-review';
import { SecurityWorkspace } from './_components/security/security-workspace';
import { TicketActions } from './_components/ticket-actions';
import { Timeline } from './_components/timeline';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ number: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).number.toUpperCase() };
}

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
  const [timeline, allowed, workspace, staff] = await Promise.all([
    api.tickets.timeline({ id: ticket.id }),
    api.tickets.allowedActions({ id: ticket.id }),
    soc ? api.security.workspace({ id: ticket.id }) : null,
    soc && canWork ? api.directory.staff() : [],
  ]);
  return (
    <article className="max-w-4xl">
      <header className="mb-4">
        <p className="font-mono text-sm text-muted">{ticket.number}</p>
        <h1 className="text-2xl font-semibold">{ticket.title}</h1>
        <div className="mt-2 flex flex-wrap items-center gap-2">
          <PriorityChip priority={ticket.priority} />
          <TicketStatusBadge status={ticket.status} />
          {ticket.tlp && <TlpBadge tlp={ticket.tlp} />}
          <span className="text-sm text-zinc-600 dark:text-zinc-400">
            {ticket.organisation.name} · opened <RelativeTime date={ticket.createdAt} />
          </span>
        </div>
        {ticket.resolutionSummary && (
          <section
            aria-label="Resolution"
            className="mt-3 flex gap-2 rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm dark:border-emerald-800 dark:bg-emerald-950"
          >
            <CircleCheck
              aria-hidden
              className="mt-0.5 size-4 shrink-0 text-emerald-700 dark:text-emerald-400"
            />
            <div>
              <p className="font-medium">
                Resolution
                {ticket.causeCategory && <> · cause: {ticket.causeCategory.replaceAll('_', ' ')}</>}
              </p>
              <p className="mt-1 whitespace-pre-wrap">{ticket.resolutionSummary}</p>
            </div>
          </section>
        )}
      </header>
      {allowed.version !== null && (
        <TicketActions
          ticketId={ticket.id}
          version={allowed.version}
          actions={allowed.actions}
          preserveEvidence={ticket.preserveEvidence}
        />
      )}
      <section className="my-4">
        <h2 className="mb-2 text-sm font-semibold uppercase tracking-wide text-muted">SLA</h2>
        <SlaClockTable clocks={ticket.clocks} renderedAt={Date.now()} />
      </section>
      <dl className="grid grid-cols-[10rem_1fr] gap-x-4 gap-y-2 text-sm">
        <dt className="text-muted">Affected services</dt>
        <dd>{ticket.services.map((s) => s.name).join(', ') || '—'}</dd>
        {ticket.impact && (
          <>
            <dt className="text-muted">Impact × urgency</dt>
            <dd>
              {ticket.impact} × {ticket.urgency}
            </dd>
          </>
        )}
        {ticket.severity && (
          <>
            <dt className="text-muted">Severity</dt>
            <dd>{ticket.severity}</dd>
          </>
        )}
        <dt className="text-muted">Assignee</dt>
        <dd>
          {ticket.version !== null ? (
            <AssigneePicker
              ticketId={ticket.id}
              kind={ticket.kind}
              assigneeId={ticket.assignee?.id ?? null}
              version={ticket.version}
            />
          ) : (
            (ticket.assignee?.name ?? 'Unassigned')
          )}
        </dd>
        {ticket.source && (
          <>
            <dt className="text-muted">Source</dt>
            <dd>{ticket.source}</dd>
          </>
        )}
      </dl>
      {ticket.description && (
        <section className="mt-6">
          <h2 className="mb-2 text-sm font-semibold uppercase tracking-wide text-muted">Description</h2>
          <p className="whitespace-pre-wrap">{ticket.description}</p>
        </section>
      )}
      {ticket.kind === 'outage' && ['resolved', 'closed'].includes(ticket.status) && (
        <PostIncidentReview ticketId={ticket.id} />
      )}
      {ticket.kind === 'outage' && ticket.projection === 'full' && <OutageSecurityPanel ticket={ticket} />}
      {workspace && (
        <SecurityWorkspace
          ticketId={ticket.id}
          workspace={workspace}
          staff={staff}
          canWork={canWork}
          organisationName={ticket.organisation.name}
        />
      )}
      <section className="mt-8">
        <h2 className="mb-3 text-sm font-semibold uppercase tracking-wide text-muted">Timeline</h2>
        <Timeline entries={timeline} />
        <div className="mt-6">
          <CommentForm ticketId={ticket.id} allowPublic={ticket.kind === 'outage'} />
        </div>
      </section>
    </article>
  );
}

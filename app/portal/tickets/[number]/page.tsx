import type { Metadata } from 'next';
import Link from 'next/link';
import { ComponentStatusBadge, PriorityChip, TicketStatusBadge } from '@/app/_components/badges';
import { RelativeTime } from '@/app/_components/relative-time';
import { orNotFound, requireSession, serverCaller } from '@/server/api/server-caller';
import type { PortalTicket } from '@/server/services/portal/get-ticket';
import { PUBLIC_INCIDENT_STATUS_LABEL } from '@/workflows/status/constants';
import { SOURCE_WORDS } from '../../_components/words';
import { PortalClocks } from './_components/portal-clocks';
import { PortalCommentForm } from './_components/portal-comment-form';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ number: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).number.toUpperCase() };
}

const heading = 'mb-3 text-sm font-semibold uppercase tracking-wide text-muted';

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="mt-8">
      <h2 id={id} className={heading}>
        {title}
      </h2>
      {children}
    </section>
  );
}

function Updates({ updates }: { updates: PortalTicket['updates'] }) {
  if (updates.length === 0)
    return (
      <p className="text-sm text-muted">
        No status update published yet. Support posts one here (and on your status page) as soon as there is
        news.
      </p>
    );
  return (
    <ol
      className="space-y-4 border-l-2 border-zinc-200 pl-4 dark:border-zinc-800"
      aria-label="Status updates"
    >
      {[...updates].reverse().map((u) => (
        <li key={`${u.publishedAt.toISOString()}-${u.status}`}>
          <p className="flex flex-wrap items-baseline gap-x-2">
            <span className="font-semibold">{PUBLIC_INCIDENT_STATUS_LABEL[u.status]}</span>
            <span className="text-sm">{u.title}</span>
            <span className="text-xs text-muted">
              <RelativeTime date={u.publishedAt} />
            </span>
          </p>
          <p className="mt-1 whitespace-pre-wrap text-sm">{u.body}</p>
          {u.components.length > 0 && (
            <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1" aria-label="Services affected by this update">
              {u.components.map((c) => (
                <li key={c.service} className="flex items-center gap-1.5 text-sm">
                  <span className="font-medium">{c.service}</span>
                  <ComponentStatusBadge status={c.status} />
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}

function Conversation({ comments }: { comments: PortalTicket['comments'] }) {
  if (comments.length === 0)
    return (
      <p className="text-sm text-muted">No messages yet. Ask support a question or add details below.</p>
    );
  return (
    <ol className="space-y-3" aria-label="Comments">
      {comments.map((c) => (
        <li
          key={`${new Date(c.at).toISOString()}-${c.author}-${c.body.slice(0, 20)}`}
          className={`rounded-md border p-3 ${
            c.fromSupport
              ? 'border-sky-200 bg-sky-50 dark:border-sky-900 dark:bg-sky-950'
              : 'border-zinc-200 dark:border-zinc-800'
          }`}
        >
          <p className="flex flex-wrap items-baseline gap-x-2 text-sm">
            <span className="font-medium">{c.author}</span>
            <span className="text-xs text-muted">
              <RelativeTime date={c.at} />
            </span>
          </p>
          <p className="mt-1 whitespace-pre-wrap text-sm">{c.body}</p>
        </li>
      ))}
    </ol>
  );
}

/** One outage as its customer reads it: public facts, the SLA, published updates and the conversation. */
export default async function PortalTicketPage({ params }: Props) {
  // Next hands params over decoded already (see the console's ticket page).
  const { number } = await params;
  await requireSession();
  const api = await serverCaller();
  const ticket = await orNotFound(api.portal.ticket({ number }));
  // Once published, the outage's post-incident review: what customers suffered and why (the rest is internal).
  const { review } = await api.reviews.get({ id: ticket.id });
  const renderedAt = Date.now();
  return (
    <article aria-labelledby="ticket-title">
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/portal" className="text-sky-700 hover:underline dark:text-sky-400">
          Your tickets
        </Link>
        <span aria-hidden> / </span>
        <span className="font-mono">{ticket.number}</span>
      </nav>
      <header>
        <h1 id="ticket-title" className="text-xl font-semibold">
          <span className="mr-2 font-mono text-muted">{ticket.number}</span>
          {ticket.title}
        </h1>
        <div className="mt-2 flex flex-wrap items-center gap-3 text-sm">
          <TicketStatusBadge status={ticket.status} />
          <span className="inline-flex items-center gap-1">
            <span className="text-muted">Priority</span> <PriorityChip priority={ticket.priority} />
          </span>
          <span className="text-muted">{SOURCE_WORDS[ticket.source]}</span>
        </div>
        <dl className="mt-3 grid grid-cols-[8rem_minmax(0,1fr)] gap-x-3 gap-y-1 text-sm sm:max-w-xl">
          <dt className="text-muted">Services</dt>
          <dd>{ticket.services.length ? ticket.services.join(', ') : 'None named'}</dd>
          <dt className="text-muted">Opened</dt>
          <dd>
            <RelativeTime date={ticket.createdAt} />
          </dd>
          <dt className="text-muted">Acknowledged</dt>
          <dd>{ticket.acknowledgedAt ? <RelativeTime date={ticket.acknowledgedAt} /> : 'Not yet'}</dd>
          <dt className="text-muted">Resolved</dt>
          <dd>{ticket.resolvedAt ? <RelativeTime date={ticket.resolvedAt} /> : 'Not yet'}</dd>
        </dl>
        {ticket.resolutionSummary && (
          <p className="mt-3 max-w-2xl rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm dark:border-emerald-900 dark:bg-emerald-950">
            <span className="font-medium">Resolution: </span>
            {ticket.resolutionSummary}
          </p>
        )}
      </header>
      <Section id="sla" title="Your SLA">
        <PortalClocks clocks={ticket.clocks} renderedAt={renderedAt} />
      </Section>
      <Section id="updates" title="Status updates">
        <Updates updates={ticket.updates} />
      </Section>
      {review && (
        <Section id="review" title="Post-incident review">
          <div className="max-w-2xl space-y-3 text-sm">
            <div>
              <h3 className="font-medium">Impact</h3>
              <p className="whitespace-pre-wrap">{review.impact}</p>
            </div>
            <div>
              <h3 className="font-medium">Root cause</h3>
              <p className="whitespace-pre-wrap">{review.rootCause}</p>
            </div>
            {review.publishedAt && (
              <p className="text-xs text-muted">
                Published <RelativeTime date={review.publishedAt} />
              </p>
            )}
          </div>
        </Section>
      )}
      <Section id="conversation" title="Conversation with support">
        <Conversation comments={ticket.comments} />
        <div className="mt-4 max-w-2xl">
          <PortalCommentForm ticketId={ticket.id} />
        </div>
      </Section>
    </article>
  );
}

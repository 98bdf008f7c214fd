import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { PriorityChip, TlpBadge } from '@/app/_components/badges';
import { RelativeTime } from '@/app/_components/relative-time';
import { SlaClockBadge } from '@/app/_components/sla-clock';
import type { SearchParams } from '@/app/(console)/_components/queue/queue-params';
import { QueueView } from '@/app/(console)/_components/queue/queue-view';
import { requireSession, serverCaller } from '@/server/api/server-caller';
import { roleHas } from '@/server/auth/permissions';
import { HandoffDecision } from './handoff-decision';

export const metadata: Metadata = { title: 'SOC queue' };
export const dynamic = 'force-dynamic';

export default async function SocQueuePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { user } = await requireSession();
  if (!roleHas(user.role, 'security.read')) notFound();
  const api = await serverCaller();
  const pending = await api.handoffs.list({ scope: 'pending' });
  const decides = roleHas(user.role, 'handoff.decide');
  const renderedAt = Date.now();
  return (
    <>
      <h1 className="mb-4 text-xl font-semibold">SOC queue</h1>
      <section aria-label="Pending handoffs" className="mb-8">
        <h2 className="mb-2 text-sm font-semibold uppercase tracking-wide text-muted">
          Handoffs from the NOC ({pending.length})
        </h2>
        {pending.length === 0 && <p className="text-sm text-muted">No handoffs waiting.</p>}
        <ul className="space-y-3">
          {pending.map((h) => (
            <li key={h.id} className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <Link className="font-mono" href={`/tickets/${h.outage.number}`}>
                  {h.outage.number}
                </Link>
                <PriorityChip priority={h.outage.priority} />
                <span className="font-medium">{h.outage.title}</span>
                <span className="text-muted">· {h.organisation.name}</span>
                {h.status === 'escalated' && (
                  <span className="rounded bg-status-major px-1.5 text-xs font-bold text-white">
                    ESCALATED
                  </span>
                )}
                {h.acceptanceClock && <SlaClockBadge clock={h.acceptanceClock} renderedAt={renderedAt} />}
              </div>
              <p className="mt-2 text-sm">{h.hypothesis}</p>
              <p className="mt-1 text-xs text-muted">
                {h.requestedBy ?? 'system'} · <RelativeTime date={h.requestedAt} /> · confidence{' '}
                {h.confidence} · recommends {h.recommendedSeverity} <TlpBadge tlp={h.recommendedTlp} /> ·{' '}
                {h.packet.observables.length} observables, {h.packet.evidence.length} evidence items,{' '}
                {h.packet.nocActions.length} NOC actions
              </p>
              {decides && (
                <div className="mt-2">
                  <HandoffDecision handoffId={h.id} outage={h.outage.number} />
                </div>
              )}
            </li>
          ))}
        </ul>
      </section>
      {/* Pending handoffs stay on top whatever the filters below say: they are the SOC's first call. */}
      <QueueView view="soc" searchParams={await searchParams} heading="h2" />
    </>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { PriorityChip, TicketStatusBadge } from '@/app/_components/badges';
import { LiveRefresh } from '@/app/_components/live/live-refresh';
import { SlaClockBadge } from '@/app/_components/sla-clock';
import { requireSession, serverCaller } from '@/server/api/server-caller';
import { roleHas } from '@/server/auth/permissions';
import type { ListTicketsInput } from '@/server/services/tickets/schemas';
import { METRIC_LABELS } from '@/workflows/sla/constants';
import { queueClocks } from '@/workflows/sla/display';
import { PRIORITIES } from '@/workflows/tickets/constants';
import { BREACHING_SOON_MINUTES } from '@/workflows/tickets/queues';
import { RefreshEvery } from './refresh-every';

export const metadata: Metadata = { title: 'NOC wallboard' };
export const dynamic = 'force-dynamic';

/** How many outages the board lists: what a room can read at a glance; the queue has the rest. */
const SHOWN = 15;

const OPEN_OUTAGES = { kind: 'outage', openOnly: true } as const satisfies ListTicketsInput;

/**
 * The NOC's wallboard (DESIGN §4: dark doubles as the wallboard): open outages most urgent first with their
 * SLA counting down, and the tallies a shift lead looks for from across the room — per priority, and
 * breaching within the hour. Always dark, large type, no console chrome; live like the queue (and
 * re-rendered each minute, as time alone moves outages into the red).
 */
export default async function WallboardPage() {
  const { user } = await requireSession();
  if (!roleHas(user.role, 'console.use')) redirect('/portal');
  const api = await serverCaller();
  // Exact tallies in two grouped reads (tickets.count), however many outages are open.
  const [urgent, open, breaching] = await Promise.all([
    api.tickets.list({ ...OPEN_OUTAGES, sort: 'urgency', limit: SHOWN }),
    api.tickets.count(OPEN_OUTAGES),
    api.tickets.count({ ...OPEN_OUTAGES, dueWithinMinutes: BREACHING_SOON_MINUTES }),
  ]);
  const renderedAt = Date.now();

  return (
    <div className="dark min-h-screen bg-zinc-950 text-zinc-50">
      <RefreshEvery ms={60_000} />
      <main className="mx-auto max-w-[120rem] p-6 text-xl lg:p-10">
        <header className="mb-8 flex flex-wrap items-center justify-between gap-4">
          <h1 className="text-4xl font-bold tracking-tight lg:text-5xl">NOC wallboard</h1>
          <div className="flex items-center gap-6 [&_[data-testid=live-status]]:mb-0 [&_[data-testid=live-status]]:text-lg [&_[data-testid=live-status]]:text-zinc-200">
            <LiveRefresh />
            <Link href="/noc" className="text-lg text-sky-300 underline-offset-4 hover:underline">
              Back to the NOC queue
            </Link>
          </div>
        </header>

        <section aria-labelledby="wallboard-counts" className="mb-10">
          <h2 id="wallboard-counts" className="sr-only">
            Open outages at a glance
          </h2>
          <dl className="grid grid-cols-2 gap-4 md:grid-cols-3 xl:grid-cols-5">
            <div
              className={`rounded-xl border-2 p-5 ${breaching.total ? 'border-red-500 bg-red-950' : 'border-zinc-700 bg-zinc-900'}`}
            >
              <dt className="text-xl font-medium text-zinc-100">Breached or due within 1 h</dt>
              <dd data-count="breaching" className="text-6xl font-bold tabular-nums">
                {breaching.total}
              </dd>
            </div>
            {PRIORITIES.map((priority) => (
              <div key={priority} className="rounded-xl border-2 border-zinc-700 bg-zinc-900 p-5">
                <dt className="flex items-center gap-2 text-xl font-medium text-zinc-100 [&>span]:px-2 [&>span]:text-lg">
                  <PriorityChip priority={priority} /> open
                </dt>
                <dd data-count={priority} className="text-6xl font-bold tabular-nums">
                  {open.byPriority[priority]}
                </dd>
              </div>
            ))}
          </dl>
        </section>

        <section aria-labelledby="wallboard-urgent">
          <h2 id="wallboard-urgent" className="mb-4 text-3xl font-semibold">
            Open outages, most urgent first
          </h2>
          {urgent.items.length === 0 ? (
            <p className="rounded-xl border-2 border-zinc-700 p-8 text-center text-3xl">
              No open outages. Quiet shift.
            </p>
          ) : (
            <table className="w-full border-collapse text-left">
              <caption className="sr-only">Open outages, most urgent first</caption>
              <thead className="border-b-2 border-zinc-700 text-lg text-zinc-300">
                <tr>
                  {['SLA', 'Ticket', 'Priority', 'Title', 'Customer', 'Status'].map((column) => (
                    <th key={column} scope="col" className="py-3 pr-6 font-medium">
                      {column}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {urgent.items.map((t) => {
                  const clock = queueClocks(t.clocks)[0];
                  return (
                    <tr key={t.id} data-ticket={t.number} className="border-b border-zinc-800 align-middle">
                      {/* The shared badge, scaled up for the room. */}
                      <td className="py-4 pr-6 whitespace-nowrap [&_[data-band]]:text-3xl [&_[data-band]]:font-bold [&_[data-band]_svg]:size-7">
                        {clock ? (
                          <>
                            <span className="block text-base text-zinc-300">
                              {METRIC_LABELS[clock.metric]}
                            </span>
                            <SlaClockBadge clock={clock} renderedAt={renderedAt} />
                          </>
                        ) : (
                          <span className="text-zinc-300">No running SLA</span>
                        )}
                      </td>
                      <td className="py-4 pr-6 font-mono text-2xl whitespace-nowrap">
                        <Link href={`/tickets/${t.number}`} className="text-sky-300 hover:underline">
                          {t.number}
                        </Link>
                      </td>
                      <td className="py-4 pr-6 [&>span]:px-3 [&>span]:py-1 [&>span]:text-2xl">
                        {t.priority ? <PriorityChip priority={t.priority} /> : '—'}
                      </td>
                      <td className="py-4 pr-6 text-2xl font-medium">{t.title}</td>
                      <td className="py-4 pr-6 text-zinc-200">{t.organisation?.name}</td>
                      <td className="py-4 [&>span]:text-lg">
                        <TicketStatusBadge status={t.status} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          {urgent.nextCursor && (
            <p className="mt-4 text-lg text-zinc-300">
              The {SHOWN} most urgent are shown; the NOC queue lists them all.
            </p>
          )}
        </section>
      </main>
    </div>
  );
}

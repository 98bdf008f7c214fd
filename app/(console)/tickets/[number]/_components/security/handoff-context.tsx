import Link from 'next/link';
import { z } from 'zod';
import { TlpBadge } from '@/app/_components/badges';
import { RelativeTime } from '@/app/_components/relative-time';
import { TLP_LEVELS } from '@/workflows/tickets/constants';
import { cell, Dash, Empty, link, muted, row, Section, Table, type Workspace } from './section';

// What the handoff acceptance recorded (an audit payload, so read leniently: a missing part shows as "—").
const text = z.string().catch('');
const when = z.coerce.date().nullable().catch(null);
const received = z.object({
  outage: text,
  outageTitle: text,
  hypothesis: text,
  confidence: text,
  symptomStartAt: when,
  recommendedSeverity: text,
  recommendedTlp: z.enum(TLP_LEVELS).nullable().catch(null),
  nocActions: z.array(z.object({ what: text, who: text, at: when })).catch([]),
  people: z.array(z.object({ name: text, role: text })).catch([]),
  outageTimeline: z
    .array(z.object({ seq: z.number().catch(0), type: text, at: when, actor: text }))
    .catch([]),
});
type Received = z.output<typeof received>;

function At({ date }: { date: Date | null }) {
  return date ? <RelativeTime date={date} /> : <Dash />;
}

/** Everything the NOC handed over, as it was at acceptance (copied, never linked: DESIGN §2.3). */
export function HandoffContext({ context }: { context: Workspace['receivedContext'] }) {
  const entries = context.map((payload) => received.parse(payload));
  return (
    <Section title="Handoff context">
      {entries.length === 0 && <Empty>This incident did not come from a NOC handoff.</Empty>}
      {entries.map((entry, i) => (
        // Payloads have no id of their own; their order on the audit chain is stable.
        // biome-ignore lint/suspicious/noArrayIndexKey: append-only list
        <HandoffEntry key={i} entry={entry} />
      ))}
    </Section>
  );
}

function HandoffEntry({ entry }: { entry: Received }) {
  return (
    <article className="space-y-3 rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800">
      <h3 className="font-medium">
        From{' '}
        <Link className={`font-mono ${link}`} href={`/tickets/${entry.outage}`}>
          {entry.outage}
        </Link>
        {entry.outageTitle && <span className={`ml-2 font-normal ${muted}`}>{entry.outageTitle}</span>}
      </h3>
      <dl className="grid grid-cols-[10rem_1fr] gap-x-4 gap-y-1">
        <dt className={muted}>Hypothesis</dt>
        <dd className="whitespace-pre-wrap">{entry.hypothesis || <Dash />}</dd>
        <dt className={muted}>Confidence</dt>
        <dd className="capitalize">{entry.confidence || <Dash />}</dd>
        <dt className={muted}>Symptoms started</dt>
        <dd>
          <At date={entry.symptomStartAt} />
        </dd>
        <dt className={muted}>Recommended</dt>
        <dd className="flex items-center gap-2">
          <span className="capitalize">{entry.recommendedSeverity || 'No severity'}</span>
          {entry.recommendedTlp && <TlpBadge tlp={entry.recommendedTlp} />}
        </dd>
        <dt className={muted}>People involved</dt>
        <dd>
          {entry.people.length === 0 ? (
            <Dash />
          ) : (
            entry.people.map((p) => (p.role ? `${p.name} (${p.role})` : p.name)).join(', ')
          )}
        </dd>
      </dl>
      <div>
        <h4 className="mb-1 font-medium">NOC actions taken</h4>
        {entry.nocActions.length === 0 ? (
          <Empty>None reported.</Empty>
        ) : (
          <Table head={['What', 'Who', 'When']}>
            {entry.nocActions.map((a, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a frozen snapshot
              <tr key={i} className={row}>
                <td className={cell}>{a.what}</td>
                <td className={cell}>{a.who}</td>
                <td className={cell}>
                  <At date={a.at} />
                </td>
              </tr>
            ))}
          </Table>
        )}
      </div>
      <details>
        <summary className="cursor-pointer font-medium">
          Outage timeline as handed over ({entry.outageTimeline.length} events)
        </summary>
        <div className="mt-2">
          <Table head={['#', 'Time', 'Actor', 'Event']}>
            {entry.outageTimeline.map((e) => (
              <tr key={e.seq} className={row}>
                <td className={`${cell} font-mono`}>{e.seq}</td>
                <td className={cell}>
                  <At date={e.at} />
                </td>
                <td className={cell}>{e.actor || <Dash />}</td>
                <td className={`${cell} font-mono text-xs`}>{e.type}</td>
              </tr>
            ))}
          </Table>
        </div>
      </details>
    </article>
  );
}

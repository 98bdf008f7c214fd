import { RelativeTime } from '@/app/_components/relative-time';
import { Empty, muted, Section, type Workspace } from './section';

type Group = Workspace['accessLog']['groups'][number];

/**
 * Who read this incident, newest first (each read is on the incident's audit chain), consecutive reads
 * by one person folded into one row: "Sasha SOC viewed 15× · first … · last …".
 */
export function AccessLog({ log }: { log: Workspace['accessLog'] }) {
  return (
    <Section title="Access log">
      {log.total === 0 ? (
        <Empty>No reads recorded.</Empty>
      ) : (
        <>
          <p className={`text-xs ${muted}`}>
            {log.shown < log.total
              ? `The latest ${log.shown.toLocaleString('en')} of ${log.total.toLocaleString('en')} reads.`
              : `${log.total.toLocaleString('en')} ${log.total === 1 ? 'read' : 'reads'}.`}
          </p>
          <ol className="max-h-96 divide-y divide-zinc-100 overflow-y-auto text-sm dark:divide-zinc-900">
            {log.groups.map((g, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a read-only, newest-first list
              <AccessRow key={i} group={g} />
            ))}
          </ol>
        </>
      )}
    </Section>
  );
}

function AccessRow({ group: g }: { group: Group }) {
  const what = g.what.length > 0 ? g.what.join(', ') : 'read';
  return (
    <li className="py-1">
      <span className="font-medium">{g.reader}</span> viewed {g.count === 1 ? 'once' : `${g.count}×`}
      <span className={muted}>
        {' '}
        · {what}
        {g.projection && g.projection !== 'full' ? ` (${g.projection})` : ''} ·{' '}
        {g.count === 1 ? (
          <RelativeTime date={g.last} />
        ) : (
          <>
            first <RelativeTime date={g.first} /> · last <RelativeTime date={g.last} />
          </>
        )}
      </span>
    </li>
  );
}

import { RelativeTime } from '@/app/_components/relative-time';
import { Empty, muted, Section, type Workspace } from './section';

/** Who read this incident, newest first (each read is on the incident's audit chain). */
export function AccessLog({ entries }: { entries: Workspace['accessLog'] }) {
  return (
    <Section title="Access log">
      {entries.length === 0 ? (
        <Empty>No reads recorded.</Empty>
      ) : (
        <ol className="max-h-64 space-y-0.5 overflow-y-auto text-xs">
          {entries.map((e, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a read-only, newest-first list
            <li key={i}>
              <span className="font-medium">{e.actor}</span> · <RelativeTime date={e.at} />
              <span className={muted}>
                {' '}
                · {e.what ?? 'read'}
                {e.projection && e.projection !== 'full' ? ` (${e.projection})` : ''}
              </span>
            </li>
          ))}
        </ol>
      )}
    </Section>
  );
}

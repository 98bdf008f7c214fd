import { RelativeTime } from '@/app/_components/relative-time';
import { EvidenceForm } from './evidence-form';
import { Reveal } from './reveal';
import { cell, Empty, muted, row, Section, Table, type Workspace } from './section';
import { TransferForm } from './transfer-form';

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** "1,536 B" below a KiB, else "1.5 MiB (1,572,864 B)": the exact count stays visible for the record. */
function size(bytes: number): string {
  const exact = `${bytes.toLocaleString('en')} B`;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? exact : `${value.toFixed(1)} ${UNITS[unit]} (${exact})`;
}

type Item = Workspace['evidence'][number];

/** Evidence items with their chain of custody (an append-only ledger: transfers add to it). */
export function Evidence(props: { ticketId: string; evidence: Workspace['evidence']; canWork: boolean }) {
  const { ticketId, evidence, canWork } = props;
  return (
    <Section title="Evidence">
      {evidence.length === 0 ? (
        <Empty>No evidence recorded.</Empty>
      ) : (
        <Table head={['Name', 'SHA-256', 'Size', 'Collected', 'Stored at', 'Custodian']}>
          {evidence.map((e) => (
            <EvidenceRows key={e.id} ticketId={ticketId} item={e} canWork={canWork} />
          ))}
        </Table>
      )}
      {canWork && (
        <Reveal label="Add evidence…">
          <EvidenceForm ticketId={ticketId} />
        </Reveal>
      )}
    </Section>
  );
}

function EvidenceRows({ ticketId, item: e, canWork }: { ticketId: string; item: Item; canWork: boolean }) {
  return (
    <>
      <tr className="align-top">
        <td className={`${cell} font-medium`}>{e.name}</td>
        <td className={`${cell} font-mono text-xs`} title={e.sha256}>
          {e.sha256.slice(0, 12)}…
        </td>
        <td className={`${cell} whitespace-nowrap`}>{size(e.sizeBytes)}</td>
        <td className={cell}>
          {e.collectedBy}
          <span className={`block text-xs ${muted}`}>
            <RelativeTime date={e.collectedAt} />
          </span>
        </td>
        <td className={`${cell} break-all`}>{e.location}</td>
        <td className={cell}>{e.custodian}</td>
      </tr>
      <tr className={row}>
        <td className={`${cell} pt-0`} colSpan={6}>
          <details>
            <summary className={`cursor-pointer text-xs ${muted}`}>
              Chain of custody ({e.custody.length})
            </summary>
            <ol className="mt-1 space-y-1 text-xs">
              {e.custody.map((c) => (
                <li key={c.seq}>
                  <span className="font-mono">#{c.seq}</span> {c.from ?? 'collected'} → {c.to} ·{' '}
                  <RelativeTime date={c.at} /> · {c.reason} ·{' '}
                  <span className={muted}>recorded by {c.recordedBy ?? 'system'}</span>
                </li>
              ))}
            </ol>
          </details>
          {canWork && (
            <Reveal label={`Transfer custody of ${e.name}…`} className="mt-2">
              <TransferForm ticketId={ticketId} evidenceId={e.id} name={e.name} />
            </Reveal>
          )}
        </td>
      </tr>
    </>
  );
}

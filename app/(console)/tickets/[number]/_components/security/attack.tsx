import { ATTACK_TACTIC_LABELS } from '@/workflows/security/constants';
import { RemoveTechnique } from './remove-technique';
import { Reveal } from './reveal';
import { cell, Empty, link, row, Section, Table, type Workspace } from './section';
import { TechniqueForm } from './technique-form';

/** MITRE ATT&CK techniques, each linked to its page on attack.mitre.org. */
export function Attack(props: { ticketId: string; techniques: Workspace['techniques']; canWork: boolean }) {
  const { ticketId, techniques, canWork } = props;
  return (
    <Section title="ATT&CK">
      {techniques.length === 0 ? (
        <Empty>No techniques recorded.</Empty>
      ) : (
        <Table head={['Technique', 'Tactic', '']}>
          {techniques.map((t) => (
            <tr key={`${t.techniqueId}-${t.tactic}`} className={row}>
              <td className={`${cell} font-mono`}>
                {t.url ? (
                  <a className={link} href={t.url} target="_blank" rel="noreferrer">
                    {t.techniqueId}
                  </a>
                ) : (
                  t.techniqueId
                )}
              </td>
              <td className={cell}>{ATTACK_TACTIC_LABELS[t.tactic]}</td>
              <td className={`${cell} text-right`}>
                {canWork && <RemoveTechnique id={ticketId} techniqueId={t.techniqueId} tactic={t.tactic} />}
              </td>
            </tr>
          ))}
        </Table>
      )}
      {canWork && (
        <Reveal label="Add technique…">
          <TechniqueForm ticketId={ticketId} />
        </Reveal>
      )}
    </Section>
  );
}

import type { ReactNode } from 'react';
import { TlpBadge } from '@/app/_components/badges';
import {
  FUNCTIONAL_IMPACT_LABELS,
  INFORMATION_IMPACT_LABELS,
  RECOVERABILITY_LABELS,
} from '@/workflows/security/constants';
import { ClassificationForm } from './classification-form';
import { Reveal } from './reveal';
import { Dash, muted, Section, type Workspace } from './section';

const or = (value: ReactNode) => value || <Dash />;

/** Severity, the NIST SP 800-61 impact factors, the TLP/PAP markings and the classification. */
export function Classification({ incident, canWork }: { incident: Workspace['incident']; canWork: boolean }) {
  const i = incident;
  return (
    <Section title="Classification">
      <dl className="grid grid-cols-[10rem_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className={muted}>Severity</dt>
        <dd className="capitalize">{or(i.severity)}</dd>
        <dt className={muted}>Functional impact</dt>
        <dd>{or(i.functionalImpact && FUNCTIONAL_IMPACT_LABELS[i.functionalImpact])}</dd>
        <dt className={muted}>Information impact</dt>
        <dd>{or(i.informationImpact && INFORMATION_IMPACT_LABELS[i.informationImpact])}</dd>
        <dt className={muted}>Recoverability</dt>
        <dd>{or(i.recoverability && RECOVERABILITY_LABELS[i.recoverability])}</dd>
        <dt className={muted}>Markings</dt>
        <dd className="flex items-center gap-2">
          {i.tlp ? <TlpBadge tlp={i.tlp} /> : <span className="text-muted">No TLP</span>}
          {i.pap ? (
            <span className="rounded border border-zinc-300 px-1.5 py-0.5 font-mono text-xs font-bold dark:border-zinc-700">
              PAP:{i.pap}
            </span>
          ) : (
            <span className="text-muted">No PAP</span>
          )}
        </dd>
        <dt className={muted}>Classification</dt>
        <dd>{or(i.classification)}</dd>
        <dt className={muted}>Public summary</dt>
        <dd className="whitespace-pre-wrap">{or(i.publicSummary)}</dd>
      </dl>
      {canWork && (
        <Reveal label="Edit classification…">
          {/* Remounted with each new version, so the form starts from what the server now holds. */}
          <ClassificationForm
            key={i.version}
            current={{
              id: i.id,
              version: i.version,
              severity: i.severity ?? undefined,
              functionalImpact: i.functionalImpact ?? undefined,
              informationImpact: i.informationImpact ?? undefined,
              recoverability: i.recoverability ?? undefined,
              tlp: i.tlp ?? undefined,
              pap: i.pap ?? undefined,
              classification: i.classification ?? '',
              publicSummary: i.publicSummary ?? '',
            }}
          />
        </Reveal>
      )}
    </Section>
  );
}

'use client';

import { useMutation } from '@tanstack/react-query';
import { Input, Textarea } from '@/app/_components/form';
import { type Choices, labelled, useServerForm } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import { type SetClassificationInput, setClassificationInput } from '@/server/services/security/schemas';
import {
  FUNCTIONAL_IMPACT_LABELS,
  FUNCTIONAL_IMPACTS,
  INFORMATION_IMPACT_LABELS,
  INFORMATION_IMPACTS,
  RECOVERABILITY,
  RECOVERABILITY_LABELS,
} from '@/workflows/security/constants';
import { SEVERITIES, TLP_LEVELS } from '@/workflows/tickets/constants';
import { WorkspaceForm } from './workspace-form';

type Marking = 'severity' | 'functionalImpact' | 'informationImpact' | 'recoverability' | 'tlp' | 'pap';

/** Sends only what the schema accepts; `version` makes a concurrent change answer CONFLICT. */
export function ClassificationForm({ current }: { current: SetClassificationInput }) {
  const trpc = useTRPC();
  const f = useServerForm(setClassificationInput, current, 'sec-class', { keepValues: true });
  const save = useMutation(trpc.security.setClassification.mutationOptions(f.callbacks));

  // An enum that is not set yet offers "Not set"; once set it can be changed, not cleared (as the schema).
  const select = (name: Marking, label: string, choices: Choices) =>
    f.select(name, label, choices, { blank: current[name] === undefined ? 'Not set' : undefined });

  return (
    <WorkspaceForm of={f} send={save.mutateAsync} submit="Save classification">
      <div className="grid grid-cols-2 gap-3 md:grid-cols-3">
        {select('severity', 'Severity', SEVERITIES)}
        {select(
          'functionalImpact',
          'Functional impact',
          labelled(FUNCTIONAL_IMPACTS, FUNCTIONAL_IMPACT_LABELS),
        )}
        {select(
          'informationImpact',
          'Information impact',
          labelled(INFORMATION_IMPACTS, INFORMATION_IMPACT_LABELS),
        )}
        {select('recoverability', 'Recoverability', labelled(RECOVERABILITY, RECOVERABILITY_LABELS))}
        {select('tlp', 'TLP', TLP_LEVELS)}
        {select('pap', 'PAP', TLP_LEVELS)}
      </div>
      {f.field('classification', 'Classification', <Input {...f.register('classification')} />)}
      {f.field('publicSummary', 'Public summary', <Textarea rows={2} {...f.register('publicSummary')} />)}
    </WorkspaceForm>
  );
}

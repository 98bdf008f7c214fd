'use client';

import { useMutation } from '@tanstack/react-query';
import { Input } from '@/app/_components/form';
import { useServerForm } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import { addObservableInput } from '@/server/services/security/schemas';
import { OBSERVABLE_TYPES } from '@/workflows/security/constants';
import { guessObservableType } from '@/workflows/security/observables';
import { WorkspaceForm } from './workspace-form';

/** Paste a value and its type follows (unless the analyst already chose one); the schema checks the value. */
export function ObservableForm({ ticketId }: { ticketId: string }) {
  const trpc = useTRPC();
  const f = useServerForm(
    addObservableInput,
    { id: ticketId, type: 'other', value: '', ioc: false },
    'sec-obs',
  );
  const add = useMutation(trpc.security.addObservable.mutationOptions(f.callbacks));
  return (
    <WorkspaceForm of={f} send={add.mutateAsync} submit="Add observable" layout="row">
      {f.select('type', 'Observable type', OBSERVABLE_TYPES, { className: 'w-36' })}
      {f.field(
        'value',
        'Observable value',
        <Input
          className="font-mono"
          {...f.register('value', {
            onBlur: (e) => {
              if (f.form.getValues('type') === 'other')
                f.form.setValue('type', guessObservableType(e.target.value));
            },
          })}
        />,
        'min-w-64 grow',
      )}
      <label className="mt-7 flex items-center gap-1 text-sm">
        <input type="checkbox" {...f.register('ioc')} /> IOC
      </label>
    </WorkspaceForm>
  );
}

'use client';

import { useMutation } from '@tanstack/react-query';
import { type ComponentProps, Fragment, type ReactNode } from 'react';
import { type FieldPath, type RegisterOptions, useFieldArray } from 'react-hook-form';
import type { z } from 'zod';
import { Button, FormAlert, Input, Options, Select, Textarea } from '@/app/_components/form';
import { useServerForm } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import { requestHandoffInput } from '@/server/services/handoffs/schemas';
import { CONFIDENCE_LEVELS, OBSERVABLE_TYPES } from '@/workflows/security/constants';
import { guessObservableType } from '@/workflows/security/observables';
import { SEVERITIES, TLP_LEVELS } from '@/workflows/tickets/constants';

type FormInput = z.input<typeof requestHandoffInput>;

/** `datetime-local` wants local wall time without seconds. */
function localInput(date: Date): string {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

const EVIDENCE_FIELDS = [
  ['name', 'Name', 'text'],
  ['sha256', 'SHA-256', 'text'],
  ['sizeBytes', 'Size (bytes)', 'number'],
  ['collectedBy', 'Collected by', 'text'],
  ['collectedAt', 'Collected at', 'datetime-local'],
  ['location', 'Stored at', 'text'],
] as const;

/** One growable list of the packet: its rows, then the button that adds one. */
function ListFieldset(props: { legend: string; addLabel: string; onAdd: () => void; children: ReactNode }) {
  return (
    <fieldset className="space-y-2 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
      <legend className="px-1 text-sm font-semibold">{props.legend}</legend>
      {props.children}
      <Button type="button" variant="ghost" onClick={props.onAdd}>
        {props.addLabel}
      </Button>
    </fieldset>
  );
}

function RemoveButton({ onClick }: { onClick: () => void }) {
  return (
    <Button type="button" variant="ghost" onClick={onClick}>
      Remove
    </Button>
  );
}

/**
 * The NOC's handoff packet (DESIGN §2.3), validated in the browser by the server's own schema. Every
 * section is a list the engineer grows as needed; the server re-validates and maps errors to fields.
 */
export function RequestHandoffForm({ outageId, version }: { outageId: string; version: number }) {
  const trpc = useTRPC();
  const f = useServerForm(
    requestHandoffInput,
    {
      outageId,
      hypothesis: '',
      confidence: 'medium',
      symptomStartAt: localInput(new Date(Date.now() - 3_600_000)),
      recommendedSeverity: 'medium',
      recommendedTlp: 'AMBER',
      observables: [],
      nocActions: [],
      evidence: [],
      people: [],
    },
    'handoff',
    { keepValues: true, placedNote: 'Check the highlighted fields.' },
  );
  const { form } = f;
  const observables = useFieldArray({ control: form.control, name: 'observables' });
  const actions = useFieldArray({ control: form.control, name: 'nocActions' });
  const evidence = useFieldArray({ control: form.control, name: 'evidence' });
  const people = useFieldArray({ control: form.control, name: 'people' });

  const request = useMutation(trpc.handoffs.request.mutationOptions(f.callbacks));

  /** A list row's input, named by its aria-label, with its error under it. */
  const cell = (
    path: FieldPath<FormInput>,
    label: string,
    options: RegisterOptions<FormInput> = {},
    props: ComponentProps<'input'> = {},
  ) => (
    <div>
      <Input aria-label={label} {...props} {...f.register(path, options)} />
      {f.error(path)}
    </div>
  );

  return (
    <form
      aria-label="Hand off to the SOC"
      className="space-y-4"
      noValidate
      // The version the page shows now (props follow router.refresh(); form defaults do not).
      onSubmit={f.onSubmit((values) => request.mutateAsync({ ...values, version }))}
    >
      {f.field(
        'hypothesis',
        'Hypothesis: why this looks like an attack',
        <Textarea rows={3} {...f.register('hypothesis')} />,
      )}
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        {f.select('confidence', 'Confidence', CONFIDENCE_LEVELS)}
        {f.field(
          'symptomStartAt',
          'Symptoms started',
          <Input type="datetime-local" {...f.register('symptomStartAt')} />,
        )}
        {f.select('recommendedSeverity', 'Recommended severity', SEVERITIES)}
        {f.select('recommendedTlp', 'Recommended TLP', TLP_LEVELS)}
      </div>

      <ListFieldset
        legend="Observables"
        addLabel="Add observable"
        onAdd={() => observables.append({ type: 'other', value: '', ioc: false })}
      >
        {observables.fields.map((row, i) => (
          <div key={row.id} className="grid grid-cols-[8rem_1fr_auto_auto] items-start gap-2">
            <Select aria-label={`Observable ${i + 1} type`} {...f.register(`observables.${i}.type`)}>
              <Options values={OBSERVABLE_TYPES} />
            </Select>
            {cell(`observables.${i}.value`, `Observable ${i + 1} value`, {
              // Paste a value and the type follows, unless the engineer already picked one.
              onBlur: (e) => {
                if (form.getValues(`observables.${i}.type`) === 'other')
                  form.setValue(`observables.${i}.type`, guessObservableType(e.target.value));
              },
            })}
            <label className="flex items-center gap-1 text-sm">
              <input type="checkbox" {...f.register(`observables.${i}.ioc`)} /> IOC
            </label>
            <RemoveButton onClick={() => observables.remove(i)} />
          </div>
        ))}
      </ListFieldset>

      <ListFieldset
        legend="Actions the NOC already took"
        addLabel="Add action taken"
        onAdd={() => actions.append({ what: '', who: '', at: localInput(new Date()) })}
      >
        {actions.fields.map((row, i) => (
          <div key={row.id} className="grid grid-cols-[1fr_10rem_12rem_auto] items-start gap-2">
            {cell(
              `nocActions.${i}.what`,
              `Action ${i + 1}: what`,
              {},
              { placeholder: 'Rebooted edge-rtr-2' },
            )}
            {cell(`nocActions.${i}.who`, `Action ${i + 1}: who`)}
            {cell(`nocActions.${i}.at`, `Action ${i + 1}: when`, {}, { type: 'datetime-local' })}
            <RemoveButton onClick={() => actions.remove(i)} />
          </div>
        ))}
      </ListFieldset>

      <ListFieldset
        legend="Evidence already collected"
        addLabel="Add evidence"
        onAdd={() =>
          evidence.append({
            name: '',
            sha256: '',
            sizeBytes: 0,
            collectedBy: '',
            collectedAt: localInput(new Date()),
            location: '',
          })
        }
      >
        {evidence.fields.map((row, i) => (
          <div
            key={row.id}
            className="grid grid-cols-2 gap-2 border-b border-zinc-100 pb-2 md:grid-cols-3 dark:border-zinc-900"
          >
            {EVIDENCE_FIELDS.map(([key, label, type]) => (
              <Fragment key={key}>
                {f.field(
                  `evidence.${i}.${key}`,
                  label,
                  <Input
                    type={type}
                    {...f.register(
                      `evidence.${i}.${key}`,
                      key === 'sizeBytes' ? { valueAsNumber: true } : {},
                    )}
                  />,
                )}
              </Fragment>
            ))}
            <RemoveButton onClick={() => evidence.remove(i)} />
          </div>
        ))}
      </ListFieldset>

      <ListFieldset
        legend="People involved"
        addLabel="Add person"
        onAdd={() => people.append({ name: '', role: '' })}
      >
        {people.fields.map((row, i) => (
          <div key={row.id} className="grid grid-cols-[1fr_1fr_auto] items-start gap-2">
            {cell(`people.${i}.name`, `Person ${i + 1}: name`)}
            <Input
              aria-label={`Person ${i + 1}: role`}
              placeholder="role / contact"
              {...f.register(`people.${i}.role`)}
            />
            <RemoveButton onClick={() => people.remove(i)} />
          </div>
        ))}
      </ListFieldset>

      <FormAlert message={f.failure} />
      <Button type="submit" disabled={f.pending}>
        {f.pending ? 'Sending…' : 'Request handoff to SOC'}
      </Button>
    </form>
  );
}

'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { type FieldPath, useFieldArray, useForm } from 'react-hook-form';
import type { z } from 'zod';
import {
  Button,
  FieldError,
  FormAlert,
  Input,
  Label,
  Options,
  Select,
  Textarea,
} from '@/app/_components/form';
import { useTRPC } from '@/lib/trpc/client';
import { requestHandoffInput } from '@/server/services/handoffs/schemas';
import { CONFIDENCE_LEVELS, OBSERVABLE_TYPES } from '@/workflows/security/constants';
import { guessObservableType } from '@/workflows/security/observables';
import { SEVERITIES, TLP_LEVELS } from '@/workflows/tickets/constants';

type FormInput = z.input<typeof requestHandoffInput>;
type FormOutput = z.output<typeof requestHandoffInput>;

/** `datetime-local` wants local wall time without seconds. */
function localInput(date: Date): string {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

const box = 'space-y-2 rounded-md border border-zinc-200 p-3 dark:border-zinc-800';
const legend = 'px-1 text-sm font-semibold';

/**
 * The NOC's handoff packet (DESIGN §2.3), validated in the browser by the server's own schema. Every
 * section is a list the engineer grows as needed; the server re-validates and maps errors to fields.
 */
export function RequestHandoffForm({ outageId, version }: { outageId: string; version: number }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(requestHandoffInput),
    defaultValues: {
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
  });
  const { errors, isSubmitting } = form.formState;
  const observables = useFieldArray({ control: form.control, name: 'observables' });
  const actions = useFieldArray({ control: form.control, name: 'nocActions' });
  const evidence = useFieldArray({ control: form.control, name: 'evidence' });
  const people = useFieldArray({ control: form.control, name: 'people' });

  const request = useMutation(
    trpc.handoffs.request.mutationOptions({
      onSuccess: () => router.refresh(),
      onError: (error) => {
        const fieldErrors = (error.data?.fieldErrors ?? {}) as Record<string, string[] | undefined>;
        const entries = Object.entries(fieldErrors).filter(([, messages]) => messages?.length);
        for (const [field, messages] of entries)
          form.setError(field as FieldPath<FormInput>, { message: messages![0] });
        setFailure(entries.length ? 'Check the highlighted fields.' : error.message);
      },
    }),
  );

  const err = (path: string): string | undefined => {
    let node: unknown = errors;
    for (const key of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[key];
    return (node as { message?: string } | undefined)?.message;
  };
  const field = (path: FieldPath<FormInput>, label: string, control: React.ReactNode) => (
    <div>
      <Label htmlFor={path}>{label}</Label>
      {control}
      <FieldError id={`${path}-error`} message={err(path)} />
    </div>
  );

  const choice = (
    path: 'confidence' | 'recommendedSeverity' | 'recommendedTlp',
    label: string,
    values: readonly string[],
  ) =>
    field(
      path,
      label,
      <Select id={path} {...form.register(path)}>
        <Options values={values} />
      </Select>,
    );

  return (
    <form
      aria-label="Hand off to the SOC"
      className="space-y-4"
      noValidate
      onSubmit={form.handleSubmit((values) => {
        setFailure(null);
        // The version the page shows now (props follow router.refresh(); form defaults do not).
        return request.mutateAsync({ ...values, version }).catch(() => {});
      })}
    >
      {field(
        'hypothesis',
        'Hypothesis: why this looks like an attack',
        <Textarea id="hypothesis" rows={3} {...form.register('hypothesis')} />,
      )}
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        {choice('confidence', 'Confidence', CONFIDENCE_LEVELS)}
        {field(
          'symptomStartAt',
          'Symptoms started',
          <Input id="symptomStartAt" type="datetime-local" {...form.register('symptomStartAt')} />,
        )}
        {choice('recommendedSeverity', 'Recommended severity', SEVERITIES)}
        {choice('recommendedTlp', 'Recommended TLP', TLP_LEVELS)}
      </div>

      <fieldset className={box}>
        <legend className={legend}>Observables</legend>
        {observables.fields.map((row, i) => (
          <div key={row.id} className="grid grid-cols-[8rem_1fr_auto_auto] items-start gap-2">
            <Select aria-label={`Observable ${i + 1} type`} {...form.register(`observables.${i}.type`)}>
              <Options values={OBSERVABLE_TYPES} />
            </Select>
            <div>
              <Input
                aria-label={`Observable ${i + 1} value`}
                {...form.register(`observables.${i}.value`, {
                  // Paste a value and the type follows, unless the engineer already picked one.
                  onBlur: (e) => {
                    const type = form.getValues(`observables.${i}.type`);
                    if (type === 'other')
                      form.setValue(`observables.${i}.type`, guessObservableType(e.target.value));
                  },
                })}
              />
              <FieldError id={`observables-${i}-error`} message={err(`observables.${i}.value`)} />
            </div>
            <label className="flex items-center gap-1 text-sm">
              <input type="checkbox" {...form.register(`observables.${i}.ioc`)} /> IOC
            </label>
            <Button type="button" variant="ghost" onClick={() => observables.remove(i)}>
              Remove
            </Button>
          </div>
        ))}
        <Button
          type="button"
          variant="ghost"
          onClick={() => observables.append({ type: 'other', value: '', ioc: false })}
        >
          Add observable
        </Button>
      </fieldset>

      <fieldset className={box}>
        <legend className={legend}>Actions the NOC already took</legend>
        {actions.fields.map((row, i) => (
          <div key={row.id} className="grid grid-cols-[1fr_10rem_12rem_auto] items-start gap-2">
            <div>
              <Input
                aria-label={`Action ${i + 1}: what`}
                placeholder="Rebooted edge-rtr-2"
                {...form.register(`nocActions.${i}.what`)}
              />
              <FieldError id={`nocActions-${i}-what-error`} message={err(`nocActions.${i}.what`)} />
            </div>
            <div>
              <Input aria-label={`Action ${i + 1}: who`} {...form.register(`nocActions.${i}.who`)} />
              <FieldError id={`nocActions-${i}-who-error`} message={err(`nocActions.${i}.who`)} />
            </div>
            <div>
              <Input
                aria-label={`Action ${i + 1}: when`}
                type="datetime-local"
                {...form.register(`nocActions.${i}.at`)}
              />
              <FieldError id={`nocActions-${i}-at-error`} message={err(`nocActions.${i}.at`)} />
            </div>
            <Button type="button" variant="ghost" onClick={() => actions.remove(i)}>
              Remove
            </Button>
          </div>
        ))}
        <Button
          type="button"
          variant="ghost"
          onClick={() => actions.append({ what: '', who: '', at: localInput(new Date()) })}
        >
          Add action taken
        </Button>
      </fieldset>

      <fieldset className={box}>
        <legend className={legend}>Evidence already collected</legend>
        {evidence.fields.map((row, i) => (
          <div
            key={row.id}
            className="grid grid-cols-2 gap-2 border-b border-zinc-100 pb-2 md:grid-cols-3 dark:border-zinc-900"
          >
            {(
              [
                ['name', 'Name', 'text'],
                ['sha256', 'SHA-256', 'text'],
                ['sizeBytes', 'Size (bytes)', 'number'],
                ['collectedBy', 'Collected by', 'text'],
                ['collectedAt', 'Collected at', 'datetime-local'],
                ['location', 'Stored at', 'text'],
              ] as const
            ).map(([key, label, type]) => (
              <div key={key}>
                <Label htmlFor={`evidence-${i}-${key}`}>{label}</Label>
                <Input
                  id={`evidence-${i}-${key}`}
                  type={type}
                  {...form.register(
                    `evidence.${i}.${key}`,
                    key === 'sizeBytes' ? { valueAsNumber: true } : {},
                  )}
                />
                <FieldError id={`evidence-${i}-${key}-error`} message={err(`evidence.${i}.${key}`)} />
              </div>
            ))}
            <Button type="button" variant="ghost" onClick={() => evidence.remove(i)}>
              Remove
            </Button>
          </div>
        ))}
        <Button
          type="button"
          variant="ghost"
          onClick={() =>
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
          Add evidence
        </Button>
      </fieldset>

      <fieldset className={box}>
        <legend className={legend}>People involved</legend>
        {people.fields.map((row, i) => (
          <div key={row.id} className="grid grid-cols-[1fr_1fr_auto] items-start gap-2">
            <div>
              <Input aria-label={`Person ${i + 1}: name`} {...form.register(`people.${i}.name`)} />
              <FieldError id={`people-${i}-name-error`} message={err(`people.${i}.name`)} />
            </div>
            <Input
              aria-label={`Person ${i + 1}: role`}
              placeholder="role / contact"
              {...form.register(`people.${i}.role`)}
            />
            <Button type="button" variant="ghost" onClick={() => people.remove(i)}>
              Remove
            </Button>
          </div>
        ))}
        <Button type="button" variant="ghost" onClick={() => people.append({ name: '', role: '' })}>
          Add person
        </Button>
      </fieldset>

      <FormAlert message={failure} />
      <Button type="submit" disabled={isSubmitting}>
        {isSubmitting ? 'Sending…' : 'Request handoff to SOC'}
      </Button>
    </form>
  );
}

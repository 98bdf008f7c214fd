'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useFieldArray, useForm } from 'react-hook-form';
import { Button, Input, Label, Select, Textarea } from '@/app/_components/form';
import { useTRPC } from '@/lib/trpc/client';
import { type CalendarInput, calendarInput } from '@/server/services/sla-policies/schemas';
import { WEEKDAYS } from '@/workflows/sla/constants';
import { EditorFrame, issuesText, serverErrorText } from './editor-frame';

interface FormValues {
  name: string;
  timeZone: string;
  weekly: { day: string; start: string; end: string }[];
  holidays: string;
  presetCountry: string;
  presetState: string;
}

function toInput(values: FormValues, id?: string): CalendarInput {
  return {
    id,
    name: values.name,
    timeZone: values.timeZone,
    weekly: values.weekly.map((w) => ({ day: Number(w.day), start: w.start, end: w.end })),
    holidays: values.holidays.split(/[\s,]+/).filter(Boolean),
    holidayPreset: values.presetCountry.trim()
      ? { country: values.presetCountry.trim().toUpperCase(), state: values.presetState.trim() || undefined }
      : null,
  };
}

type Initial = {
  id: string;
  name: string;
  timeZone: string;
  weekly: { day: number; start: string; end: string }[];
  holidays: string[];
  holidayPreset: { country: string; state?: string } | null;
} | null;

/**
 * One business calendar: zone, weekly hours (several intervals a day, night shifts allowed), holidays by
 * date and by country/region preset. Validated with the server's own schema before sending.
 */
export function CalendarEditor({ initial, readOnly }: { initial: Initial; readOnly: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [saved, setSaved] = useState<string | null>(null);
  const form = useForm<FormValues>({
    defaultValues: {
      name: initial?.name ?? '',
      timeZone: initial?.timeZone ?? 'Europe/Berlin',
      weekly: (initial?.weekly ?? [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' }))).map(
        (w) => ({
          ...w,
          day: String(w.day),
        }),
      ),
      holidays: (initial?.holidays ?? []).join('\n'),
      presetCountry: initial?.holidayPreset?.country ?? '',
      presetState: initial?.holidayPreset?.state ?? '',
    },
  });
  const weekly = useFieldArray({ control: form.control, name: 'weekly' });
  const save = useMutation(
    trpc.sla.saveCalendar.mutationOptions({
      onSuccess: () => {
        setSaved('Saved.');
        router.refresh();
      },
      onError: (error) => form.setError('root', { message: serverErrorText(error) }),
    }),
  );
  const onSubmit = form.handleSubmit((values) => {
    setSaved(null);
    const input = toInput(values, initial?.id);
    const parsed = calendarInput.safeParse(input);
    if (!parsed.success) {
      form.setError('root', { message: issuesText(parsed.error.issues.map((i) => i.message)) });
      return;
    }
    save.mutate(input);
  });
  const prefix = initial?.id ?? 'new-calendar';
  return (
    <EditorFrame
      label={initial ? `Calendar ${initial.name}` : 'New calendar'}
      legend={initial ? initial.name : 'New calendar'}
      idPrefix={prefix}
      readOnly={readOnly}
      error={form.formState.errors.root?.message}
      saved={saved}
      pending={save.isPending}
      submitLabel={initial ? 'Save calendar' : 'Create calendar'}
      onSubmit={onSubmit}
    >
      <div className="grid grid-cols-2 gap-3">
        <div>
          <Label htmlFor={`${prefix}-name`}>Name</Label>
          <Input id={`${prefix}-name`} {...form.register('name')} />
        </div>
        <div>
          <Label htmlFor={`${prefix}-zone`}>Time zone (IANA)</Label>
          <Input id={`${prefix}-zone`} {...form.register('timeZone')} />
        </div>
      </div>
      <div>
        <p className="mb-1 text-sm font-medium">Working hours</p>
        {weekly.fields.map((field, index) => (
          <div key={field.id} className="mb-1 flex items-center gap-2">
            <Select
              aria-label={`Day ${index + 1}`}
              className="w-40"
              {...form.register(`weekly.${index}.day`)}
            >
              {WEEKDAYS.map((name, day) => (
                <option key={name} value={day}>
                  {name}
                </option>
              ))}
            </Select>
            <Input
              aria-label={`Start ${index + 1}`}
              className="w-24"
              {...form.register(`weekly.${index}.start`)}
            />
            <span aria-hidden>–</span>
            <Input
              aria-label={`End ${index + 1}`}
              className="w-24"
              {...form.register(`weekly.${index}.end`)}
            />
            <Button type="button" variant="ghost" onClick={() => weekly.remove(index)}>
              Remove
            </Button>
          </div>
        ))}
        <Button
          type="button"
          variant="ghost"
          onClick={() => weekly.append({ day: '1', start: '09:00', end: '17:00' })}
        >
          Add hours
        </Button>
        <p className="text-xs text-muted">
          An end before the start is a night shift running into the next day. Saving reschedules the running
          clocks on this calendar at once; paused clocks take the new hours when they resume.
        </p>
      </div>
      <div className="grid grid-cols-3 gap-3">
        <div>
          <Label htmlFor={`${prefix}-holidays`}>Holidays (YYYY-MM-DD, one per line)</Label>
          <Textarea id={`${prefix}-holidays`} rows={3} {...form.register('holidays')} />
        </div>
        <div>
          <Label htmlFor={`${prefix}-country`}>Holiday preset: country</Label>
          <Input id={`${prefix}-country`} placeholder="DE" {...form.register('presetCountry')} />
        </div>
        <div>
          <Label htmlFor={`${prefix}-state`}>State / region</Label>
          <Input id={`${prefix}-state`} placeholder="BE" {...form.register('presetState')} />
        </div>
      </div>
    </EditorFrame>
  );
}

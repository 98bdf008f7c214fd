'use client';

import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useFieldArray } from 'react-hook-form';
import { Button, Input, Select, Textarea } from '@/app/_components/form';
import { issuesOf } from '@/app/_components/forms/server-error';
import { useServerForm } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import { type CalendarInput, calendarInput } from '@/server/services/sla-policies/schemas';
import { WEEKDAYS } from '@/workflows/sla/constants';
import { EditorFrame } from './editor-frame';

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

/** A schema path as this form's field: the preset is two plain fields, the holidays one text area. */
function fieldOf(path: string): string {
  if (path.startsWith('holidayPreset.country')) return 'presetCountry';
  if (path.startsWith('holidayPreset.state')) return 'presetState';
  if (path.startsWith('holidays.')) return 'holidays';
  return path;
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
  const [saved, setSaved] = useState<string | null>(null);
  const prefix = initial?.id ?? 'new-calendar';
  // The form's values are not the schema's input (text for lists, day numbers as strings): toInput, then
  // the same schema the server runs, its issues shown like the server's.
  const f = useServerForm<FormValues>(
    null,
    {
      name: initial?.name ?? '',
      timeZone: initial?.timeZone ?? 'Europe/Berlin',
      weekly: (initial?.weekly ?? [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' }))).map(
        (w) => ({ ...w, day: String(w.day) }),
      ),
      holidays: (initial?.holidays ?? []).join('\n'),
      presetCountry: initial?.holidayPreset?.country ?? '',
      presetState: initial?.holidayPreset?.state ?? '',
    },
    prefix,
    { keepValues: true, pathOf: fieldOf, onSuccess: () => setSaved('Saved.') },
  );
  const { form } = f;
  const weekly = useFieldArray({ control: form.control, name: 'weekly' });
  const save = useMutation(trpc.sla.saveCalendar.mutationOptions(f.callbacks));
  const send = f.onSubmit((values) => {
    const input = toInput(values, initial?.id);
    const parsed = calendarInput.safeParse(input);
    if (!parsed.success) return void f.reject(issuesOf(parsed.error));
    return save.mutateAsync(input);
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    setSaved(null);
    return send(event);
  };
  return (
    <EditorFrame
      label={initial ? `Calendar ${initial.name}` : 'New calendar'}
      legend={initial ? initial.name : 'New calendar'}
      idPrefix={prefix}
      readOnly={readOnly}
      error={f.failure ?? undefined}
      saved={saved}
      pending={f.pending}
      submitLabel={initial ? 'Save calendar' : 'Create calendar'}
      onSubmit={onSubmit}
    >
      <div className="grid grid-cols-2 gap-3">
        {f.field('name', 'Name', <Input {...f.register('name')} />)}
        {f.field('timeZone', 'Time zone (IANA)', <Input {...f.register('timeZone')} />)}
      </div>
      <div>
        <p className="mb-1 text-sm font-medium">Working hours</p>
        {weekly.fields.map((field, index) => (
          <div key={field.id} className="mb-1">
            <div className="flex items-center gap-2">
              <Select aria-label={`Day ${index + 1}`} className="w-40" {...f.register(`weekly.${index}.day`)}>
                {WEEKDAYS.map((name, day) => (
                  <option key={name} value={day}>
                    {name}
                  </option>
                ))}
              </Select>
              <Input
                aria-label={`Start ${index + 1}`}
                className="w-24"
                {...f.register(`weekly.${index}.start`)}
              />
              <span aria-hidden>–</span>
              <Input
                aria-label={`End ${index + 1}`}
                className="w-24"
                {...f.register(`weekly.${index}.end`)}
              />
              <Button type="button" variant="ghost" onClick={() => weekly.remove(index)}>
                Remove
              </Button>
            </div>
            {f.error(`weekly.${index}.day`)}
            {f.error(`weekly.${index}.start`)}
            {f.error(`weekly.${index}.end`)}
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
        {f.field(
          'holidays',
          'Holidays (YYYY-MM-DD, one per line)',
          <Textarea rows={3} {...f.register('holidays')} />,
        )}
        {f.field(
          'presetCountry',
          'Holiday preset: country',
          <Input placeholder="DE" {...f.register('presetCountry')} />,
        )}
        {f.field('presetState', 'State / region', <Input placeholder="BE" {...f.register('presetState')} />)}
      </div>
    </EditorFrame>
  );
}

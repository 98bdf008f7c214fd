'use client';

import { useMutation } from '@tanstack/react-query';
import { useFieldArray } from 'react-hook-form';
import { Button, Input, Select, Textarea } from '@/app/_components/form';
import { useTRPC } from '@/lib/trpc/client';
import { calendarInput } from '@/server/services/sla-policies/schemas';
import { WEEKDAYS } from '@/workflows/sla/constants';
import {
  type CalendarFormValues,
  calendarFieldOf,
  calendarFormValues,
  calendarInputOf,
  type StoredCalendar,
} from './calendar-form';
import { EditorFrame } from './editor-frame';
import { useEditorForm } from './use-editor-form';

/**
 * One business calendar: zone, weekly hours (several intervals a day, night shifts allowed), holidays by
 * date and by country/region preset. Validated with the server's own schema before sending; every message
 * (the server's too) lands on its field, an interval's under its own row.
 */
export function CalendarEditor(props: {
  initial: StoredCalendar | null;
  readOnly: boolean;
  notice?: string;
}) {
  const { initial, readOnly } = props;
  const trpc = useTRPC();
  const prefix = initial?.id ?? 'new-calendar';
  // The form's values are not the schema's input (text for lists, day numbers as strings):
  // calendarInputOf, then the same schema the server runs.
  const { f, check, frame } = useEditorForm<CalendarFormValues>(null, calendarFormValues(initial), prefix, {
    pathOf: calendarFieldOf,
    creates: initial ? undefined : 'calendars',
    notice: props.notice,
  });
  const weekly = useFieldArray({ control: f.form.control, name: 'weekly' });
  const save = useMutation(trpc.sla.saveCalendar.mutationOptions(f.callbacks));
  const framing = frame((values) => {
    const input = calendarInputOf(values, initial?.id);
    return check(calendarInput, input) ? save.mutateAsync(input) : undefined;
  });
  return (
    <EditorFrame
      {...framing}
      label={initial ? `Calendar ${initial.name}` : 'New calendar'}
      legend={initial ? initial.name : 'New calendar'}
      readOnly={readOnly}
      submitLabel={initial ? 'Save calendar' : 'Create calendar'}
    >
      <div className="grid grid-cols-2 gap-3">
        {f.field('name', 'Name', <Input {...f.register('name')} />)}
        {f.field('timeZone', 'Time zone (IANA)', <Input {...f.register('timeZone')} />)}
      </div>
      <fieldset>
        <legend className="mb-1 text-sm font-medium">Working hours</legend>
        <ol className="space-y-1">
          {weekly.fields.map((field, index) => (
            <li key={field.id} aria-label={`Working hours ${index + 1}`}>
              <div className="flex items-center gap-2">
                <Select
                  aria-label={`Day ${index + 1}`}
                  className="w-40"
                  {...f.register(`weekly.${index}.day`)}
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
            </li>
          ))}
        </ol>
        {f.error('weekly')}
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
      </fieldset>
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

'use client';

import { useMutation } from '@tanstack/react-query';
import { Button, FormAlert, Input, Select, Textarea } from '@/app/_components/form';
import { blankAs, useServerForm } from '@/app/_components/forms/use-server-form';
import { useViewerTimeZone } from '@/app/_components/zoned-time';
import { useTRPC } from '@/lib/trpc/client';
import type { DirectoryOrganisation } from '@/server/services/directory/list-customers';
import { scheduleMaintenanceInput } from '@/server/services/status/schemas';

/**
 * Announces a maintenance window: a customer, then which of its services, and when. The times are typed
 * as wall-clock time in the viewer's own zone (`datetime-local`): the schema turns them into instants in
 * the browser, so the server receives instants and never guesses a zone.
 */
export function ScheduleMaintenanceForm({ organisations }: { organisations: DirectoryOrganisation[] }) {
  const trpc = useTRPC();
  const zone = useViewerTimeZone();
  const f = useServerForm(
    scheduleMaintenanceInput,
    { organisationId: '', title: '', body: '', scheduledFor: '', scheduledUntil: '', serviceIds: [] },
    'maintenance',
    { successMessage: 'Maintenance scheduled.' },
  );
  const organisationId = f.form.watch('organisationId');
  const organisation = organisations.find((o) => o.id === organisationId);
  const schedule = useMutation(trpc.maintenance.schedule.mutationOptions(f.callbacks));
  const when = (name: 'scheduledFor' | 'scheduledUntil', label: string) =>
    f.field(
      name,
      label,
      <Input type="datetime-local" {...f.register(name, { setValueAs: blankAs(undefined) })} />,
    );
  return (
    <form onSubmit={f.onSubmit(schedule.mutateAsync)} noValidate className="max-w-2xl space-y-4">
      {f.field(
        'organisationId',
        'Customer',
        <Select
          {...f.register('organisationId', {
            // Another customer's services are never chosen by accident.
            onChange: () => f.form.setValue('serviceIds', []),
          })}
        >
          <option value="">Choose…</option>
          {organisations.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
              {o.kind === 'operator' ? ' (internal)' : ''}
            </option>
          ))}
        </Select>,
      )}
      <fieldset>
        <legend className="mb-1 text-sm font-medium">Services under maintenance</legend>
        {!organisation && <p className="text-sm text-muted">Choose a customer first.</p>}
        {organisation && organisation.services.length === 0 && (
          <p className="text-sm text-muted">{organisation.name} has no services.</p>
        )}
        <div className="grid grid-cols-2 gap-1">
          {organisation?.services.map((s) => (
            <label key={s.id} className="flex items-center gap-2 text-sm">
              <input type="checkbox" value={s.id} {...f.register('serviceIds')} id={undefined} />
              {s.name}
            </label>
          ))}
        </div>
        {f.error('serviceIds')}
      </fieldset>
      {f.field('title', 'Title', <Input {...f.register('title')} />)}
      {f.field('body', 'What customers should know', <Textarea rows={3} {...f.register('body')} />)}
      <div className="grid gap-3 sm:grid-cols-2">
        {when('scheduledFor', 'Starts')}
        {when('scheduledUntil', 'Ends')}
      </div>
      <p className="text-xs text-muted">
        Times are in your time zone{zone ? ` (${zone})` : ''}. The scheduler starts and completes the window
        on time.
      </p>
      <FormAlert message={f.failure} />
      <Button type="submit" disabled={f.pending}>
        {f.pending ? 'Scheduling…' : 'Schedule maintenance'}
      </Button>
    </form>
  );
}

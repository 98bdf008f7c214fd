'use client';

import { useMutation } from '@tanstack/react-query';
import { Input, Select, Textarea } from '@/app/_components/form';
import { blankAs, labelled, useServerForm } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import { publishUpdateInput } from '@/server/services/status/schemas';
import {
  COMPONENT_STATUS_LABEL,
  COMPONENT_STATUSES,
  type ComponentStatus,
  PUBLIC_INCIDENT_STATUS_LABEL,
  PUBLIC_INCIDENT_STATUSES,
  type PublicIncidentStatus,
} from '@/workflows/status/constants';
import { WorkspaceForm } from '../security/workspace-form';

/** Who reads a public update, in the words the confirmation uses (what the page does, said once). */
export function updateAudienceText(organisationName: string, statusPagePublic: boolean): string {
  return statusPagePublic
    ? `${organisationName}'s portal users and anyone visiting ${organisationName}'s public status page will see this update.`
    : `${organisationName}'s portal users will see this update (their status page is not public).`;
}

/**
 * The next public update of an outage: its public name, stage and text, and an explicit status for each
 * of its services. The first update starts with no status chosen (a new outage says nothing until
 * someone decides what customers are told); later ones start from what the updates so far set.
 */
export function PublishUpdateForm(props: {
  ticketId: string;
  defaultTitle: string;
  defaultStatus?: PublicIncidentStatus;
  services: { id: string; name: string }[];
  /** Each service's status as the updates so far set it (absent: never set). */
  current: Partial<Record<string, ComponentStatus>>;
  organisationName: string;
  statusPagePublic: boolean;
}) {
  const trpc = useTRPC();
  const defaults = {
    ticketId: props.ticketId,
    title: props.defaultTitle.slice(0, 200),
    status: props.defaultStatus ?? ('investigating' as const),
    body: '',
    components: props.services.map((s) => ({
      serviceId: s.id,
      status: props.current[s.id],
    })),
  };
  const f = useServerForm(publishUpdateInput, defaults, 'public-update', {
    successMessage: 'Update published.',
  });
  const publish = useMutation(trpc.statusUpdates.publish.mutationOptions(f.callbacks));
  return (
    <WorkspaceForm
      of={f}
      send={publish.mutateAsync}
      confirm={() =>
        window.confirm(`${updateAudienceText(props.organisationName, props.statusPagePublic)} Publish?`)
      }
      submit="Publish update"
    >
      <div className="grid gap-3 sm:grid-cols-[1fr_12rem]">
        {f.field('title', 'Public title', <Input {...f.register('title')} />)}
        {f.select('status', 'Stage', labelled(PUBLIC_INCIDENT_STATUSES, PUBLIC_INCIDENT_STATUS_LABEL))}
      </div>
      {f.field('body', 'Update for customers', <Textarea rows={3} {...f.register('body')} />)}
      {props.services.length > 0 && (
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">Component status</legend>
          <div className="grid gap-3 sm:grid-cols-2">
            {props.services.map((s, i) => (
              <div key={s.id}>
                {f.field(
                  `components.${i}.status`,
                  s.name,
                  <Select {...f.register(`components.${i}.status`, { setValueAs: blankAs(undefined) })}>
                    <option value="">Choose a status…</option>
                    {COMPONENT_STATUSES.map((status) => (
                      <option key={status} value={status}>
                        {COMPONENT_STATUS_LABEL[status]}
                      </option>
                    ))}
                  </Select>,
                )}
                {f.error(`components.${i}.serviceId`)}
              </div>
            ))}
          </div>
          {f.error('components')}
        </fieldset>
      )}
    </WorkspaceForm>
  );
}

'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { Select } from '@/app/_components/form';
import { useMutationFeedback } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';

const WORKS: Record<'outage' | 'security', readonly string[]> = {
  outage: ['admin', 'manager', 'noc_engineer'],
  security: ['admin', 'soc_analyst'],
};

export function AssigneePicker(props: {
  ticketId: string;
  kind: 'outage' | 'security';
  assigneeId: string | null;
  version: number;
}) {
  const trpc = useTRPC();
  const staff = useQuery(trpc.directory.staff.queryOptions());
  const feedback = useMutationFeedback();
  const assign = useMutation(trpc.tickets.assign.mutationOptions(feedback.callbacks));
  const candidates = (staff.data ?? []).filter((s) => WORKS[props.kind].includes(s.role));
  return (
    <span className="inline-flex items-center gap-2">
      <Select
        aria-label="Assignee"
        className="w-auto py-0.5"
        value={props.assigneeId ?? ''}
        disabled={assign.isPending || staff.isPending}
        onChange={(e) =>
          assign.mutate({ id: props.ticketId, assigneeId: e.target.value || null, version: props.version })
        }
      >
        <option value="">Unassigned</option>
        {candidates.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </Select>
      {/* A span, not FormAlert's <p>: the picker sits inline in the ticket's header. */}
      {feedback.failure && (
        <span role="alert" className="text-sm text-red-700">
          {feedback.failure}
        </span>
      )}
    </span>
  );
}

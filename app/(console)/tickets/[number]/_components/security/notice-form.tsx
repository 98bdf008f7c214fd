'use client';

import { useMutation } from '@tanstack/react-query';
import { Input, Textarea } from '@/app/_components/form';
import { useServerForm } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import { publishNoticeInput } from '@/server/services/security/schemas';
import { WorkspaceForm } from './workspace-form';

/** Publishes (or replaces) the customer notice, after a confirmation naming who will read it. */
export function NoticeForm(props: {
  ticketId: string;
  current: { title: string; body: string } | null;
  organisationName?: string;
}) {
  const { ticketId, current } = props;
  const trpc = useTRPC();
  const defaults = { id: ticketId, title: current?.title ?? '', body: current?.body ?? '' };
  const f = useServerForm(publishNoticeInput, defaults, 'sec-notice', { keepValues: true });
  const publish = useMutation(trpc.security.publishNotice.mutationOptions(f.callbacks));
  const audience = props.organisationName ?? 'this organisation';
  return (
    <WorkspaceForm
      of={f}
      send={publish.mutateAsync}
      confirm={() => window.confirm(`Customers of ${audience} will see this notice. Publish?`)}
      submit="Publish notice"
    >
      {f.field('title', 'Notice title', <Input {...f.register('title')} />)}
      {f.field('body', 'Notice text', <Textarea rows={4} {...f.register('body')} />)}
    </WorkspaceForm>
  );
}

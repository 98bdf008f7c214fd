'use client';

import { useMutation } from '@tanstack/react-query';
import { Input, Textarea } from '@/app/_components/form';
import { useServerForm } from '@/app/_components/forms/use-server-form';
import { useTRPC } from '@/lib/trpc/client';
import { publishNoticeInput } from '@/server/services/security/schemas';
import type { NoticeAudience } from '@/workflows/status/constants';
import { WorkspaceForm } from './workspace-form';

/** Who reads the notice, in the words the confirmation uses (one truth: what is chosen is what is done). */
export function noticeAudienceText(audience: NoticeAudience, organisationName: string): string {
  return audience === 'public'
    ? `Anyone visiting ${organisationName}'s public status page, and ${organisationName}'s portal users, will see this notice.`
    : `Only ${organisationName}'s people, signed in to their portal, will see this notice.`;
}

/** Publishes (or replaces) the customer notice, after a confirmation naming who will read it. */
export function NoticeForm(props: {
  ticketId: string;
  current: { title: string; body: string; audience?: NoticeAudience } | null;
  organisationName?: string;
}) {
  const { ticketId, current } = props;
  const trpc = useTRPC();
  const defaults = {
    id: ticketId,
    title: current?.title ?? '',
    body: current?.body ?? '',
    audience: current?.audience ?? ('customers' as const),
  };
  const f = useServerForm(publishNoticeInput, defaults, 'sec-notice', { keepValues: true });
  const publish = useMutation(trpc.security.publishNotice.mutationOptions(f.callbacks));
  const organisation = props.organisationName ?? 'this organisation';
  return (
    <WorkspaceForm
      of={f}
      send={publish.mutateAsync}
      confirm={() =>
        window.confirm(
          `${noticeAudienceText(f.form.getValues('audience') ?? 'customers', organisation)} Publish?`,
        )
      }
      submit="Publish notice"
    >
      {f.field('title', 'Notice title', <Input {...f.register('title')} />)}
      {f.field('body', 'Notice text', <Textarea rows={4} {...f.register('body')} />)}
      {f.select('audience', 'Who may read it', [
        ['customers', `${organisation}'s portal users only`],
        ['public', `Public: also ${organisation}'s status page`],
      ])}
    </WorkspaceForm>
  );
}

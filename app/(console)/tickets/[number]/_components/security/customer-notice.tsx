import { CircleCheck } from 'lucide-react';
import { RelativeTime } from '@/app/_components/relative-time';
import { NoticeForm } from './notice-form';
import { Reveal } from './reveal';
import { Empty, muted, Section, type Workspace } from './section';

/** The only part of a security incident its customer ever sees (portal and status page). */
export function CustomerNotice(props: {
  ticketId: string;
  notice: Workspace['incident']['notice'];
  organisationName?: string;
  canWork: boolean;
}) {
  const { ticketId, notice, canWork } = props;
  return (
    <Section title="Customer notice">
      {notice ? (
        <article className="rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800">
          <h3 className="font-medium">{notice.title}</h3>
          <p className="mt-1 whitespace-pre-wrap">{notice.body}</p>
          <p className={`mt-2 inline-flex items-center gap-1 text-xs ${muted}`}>
            <CircleCheck aria-hidden className="size-3.5" /> Published{' '}
            <RelativeTime date={notice.publishedAt} />
            {' · '}
            {notice.audience === 'public' ? 'public: also on the status page' : 'portal users only'}
          </p>
        </article>
      ) : (
        <Empty>No notice published; customers see nothing of this incident.</Empty>
      )}
      {canWork && (
        <Reveal label={notice ? 'Replace the notice…' : 'Write a notice…'}>
          <NoticeForm
            key={notice?.publishedAt.toISOString() ?? 'none'}
            ticketId={ticketId}
            current={notice}
            organisationName={props.organisationName}
          />
        </Reveal>
      )}
    </Section>
  );
}

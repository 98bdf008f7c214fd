import { RelativeTime } from '@/app/_components/relative-time';

/** Only what a customer may read of a security incident: the notice itself (never its number or anything else). */
export type PublicNotice = { title: string; body: string; publishedAt: Date };

/**
 * The "Security notices" section of the customer portal and the public status page. Takes the three
 * public fields explicitly, so a caller holding a richer NoticeView cannot leak more by accident.
 */
export function SecurityNotices({ notices }: { notices: PublicNotice[] }) {
  if (notices.length === 0) return null;
  return (
    <section aria-label="Security notices" className="my-8">
      <h2 className="mb-2 text-sm font-semibold uppercase tracking-wide text-muted">Security notices</h2>
      <ul className="divide-y divide-zinc-200 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
        {notices.map(({ title, body, publishedAt }) => (
          <li key={`${publishedAt.toISOString()}-${title}`} className="px-4 py-3">
            <h3 className="font-medium">{title}</h3>
            <p className="mt-1 whitespace-pre-wrap text-sm">{body}</p>
            <p className="mt-1 text-xs text-muted">
              Published <RelativeTime date={publishedAt} />
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

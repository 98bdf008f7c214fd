import { ZonedTime } from '@/app/_components/zoned-time';
import { type SnapshotUpdate, UPDATE_STAGE_LABEL } from '@/workflows/status/statuspage';

/** Re-exported for the status pages: one wording of the stages with the feeds. */
export const STAGE_LABEL: Record<string, string> = UPDATE_STAGE_LABEL;

/** An incident's or a maintenance's public updates, newest first, times in the organisation's zone. */
export function IncidentUpdates({
  updates,
  timeZone,
}: {
  updates: SnapshotUpdate<string>[];
  timeZone: string;
}) {
  return (
    <ol className="mt-2 space-y-3">
      {updates.map((update) => (
        <li key={update.id} className="border-l-2 border-zinc-200 pl-3 dark:border-zinc-700">
          <p className="text-sm">
            <strong className="font-semibold">{STAGE_LABEL[update.status] ?? update.status}</strong>
            {' — '}
            <span className="whitespace-pre-wrap">{update.body}</span>
          </p>
          <p className="mt-0.5 text-xs text-muted">
            <ZonedTime instant={update.createdAt} timeZone={timeZone} />
            {update.affectedComponents.length > 0 && (
              <> · {update.affectedComponents.map((c) => c.name).join(', ')}</>
            )}
          </p>
        </li>
      ))}
    </ol>
  );
}

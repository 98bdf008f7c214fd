import { ComponentStatusBadge } from '@/app/_components/badges';
import { ZonedTime } from '@/app/_components/zoned-time';
import { serverCaller } from '@/server/api/server-caller';
import { PUBLIC_INCIDENT_STATUS_LABEL, type PublicIncidentStatus } from '@/workflows/status/constants';
import { statusesSoFar } from '@/workflows/status/next-update';
import { Reveal } from '../security/reveal';
import { Empty, muted, Section } from '../security/section';
import { PublishUpdateForm } from './publish-update-form';

/**
 * An outage's public updates (DESIGN §2.6): what its customers and, when the page is public, anyone
 * reads on the status page, and the status each update set on the services. Those who work outages post
 * the next one here.
 */
export async function PublicUpdates({ ticketId, ticketTitle }: { ticketId: string; ticketTitle: string }) {
  const api = await serverCaller();
  const list = await api.statusUpdates.list({ ticketId });
  const latest = list.updates[0];
  return (
    <Section title="Public updates">
      {list.updates.length === 0 ? (
        <Empty>
          Nothing published yet: the status page shows this outage&apos;s services as they were until an
          update sets their status.
        </Empty>
      ) : (
        <ol className="space-y-3" aria-label="Published updates">
          {list.updates.map((u) => (
            <li key={u.id} className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
              <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                <IncidentStatusBadge status={u.status} />
                <span className="font-medium">{u.title}</span>
                <span className={`text-sm ${muted}`}>
                  <ZonedTime instant={u.publishedAt} />
                  {u.publishedBy && <> · {u.publishedBy}</>}
                </span>
              </div>
              <p className="mt-1 whitespace-pre-wrap break-words text-sm">{u.body}</p>
              {u.components.length > 0 && (
                <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1" aria-label="Component statuses">
                  {u.components.map((c) => (
                    <li key={c.serviceId} className="inline-flex items-center gap-1.5 text-sm">
                      <span className={muted}>{c.name}:</span>
                      <ComponentStatusBadge status={c.status} />
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
      {list.mayPublish && (
        <Reveal label="Post a public update…">
          <PublishUpdateForm
            ticketId={ticketId}
            defaultTitle={latest?.title ?? ticketTitle}
            defaultStatus={latest?.status}
            services={list.services}
            current={statusesSoFar([...list.updates].reverse())}
            organisationName={list.organisationName}
            statusPagePublic={list.statusPagePublic}
          />
        </Reveal>
      )}
    </Section>
  );
}

const STAGE_CLASS: Record<PublicIncidentStatus, string> = {
  investigating: 'border-red-300 text-red-800 dark:border-red-800 dark:text-red-300',
  identified: 'border-orange-300 text-orange-800 dark:border-orange-800 dark:text-orange-300',
  monitoring: 'border-sky-300 text-sky-800 dark:border-sky-800 dark:text-sky-300',
  resolved: 'border-emerald-300 text-emerald-800 dark:border-emerald-800 dark:text-emerald-300',
};

/** The incident's public stage, in words (never colour alone). */
function IncidentStatusBadge({ status }: { status: PublicIncidentStatus }) {
  return (
    <span
      data-testid="public-update-status"
      className={`rounded-full border px-2 py-0.5 text-xs font-medium ${STAGE_CLASS[status]}`}
    >
      {PUBLIC_INCIDENT_STATUS_LABEL[status]}
    </span>
  );
}

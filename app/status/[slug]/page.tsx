import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ComponentStatusBadge } from '@/app/_components/badges';
import { SecurityNotices } from '@/app/_components/security-notices';
import { ZonedTime } from '@/app/_components/zoned-time';
import { getDatabase } from '@/db/client';
import { getStatusPage } from '@/server/services/status/get-status-page';
import type { SnapshotIncident, SnapshotMaintenance } from '@/workflows/status/statuspage';
import { IncidentUpdates } from './_components/incident-updates';
import { validSlug } from './_components/slug';
import { StatusBanner } from './_components/status-banner';
import { feedAlternates, StatusFooter } from './_components/status-footer';
import { UptimeBars } from './_components/uptime-bars';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ slug: string }> };

async function load(slug: string) {
  // From the in-process cache (a few seconds): a burst of visitors costs one read.
  const page = await getStatusPage((await getDatabase()).db, validSlug(slug), new Date(), { cached: true });
  if (!page) notFound();
  return page;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const page = await load((await params).slug);
  return {
    title: `${page.organisation.name} status`,
    alternates: feedAlternates(page.organisation.slug, page.organisation.name),
  };
}

const SECTION = 'mb-8';
const H2 = 'mb-2 text-sm font-semibold uppercase tracking-wide text-muted';
const BOX =
  'divide-y divide-zinc-200 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800';

function Incident({
  incident,
  slug,
  timeZone,
}: {
  incident: SnapshotIncident;
  slug: string;
  timeZone: string;
}) {
  return (
    <li className="px-4 py-3">
      <h3 className="font-medium">
        <Link className="hover:underline" href={`/status/${slug}/incidents/${incident.id}`}>
          {incident.name}
        </Link>
      </h3>
      <IncidentUpdates updates={incident.updates} timeZone={timeZone} />
    </li>
  );
}

function Maintenance({ maintenance, timeZone }: { maintenance: SnapshotMaintenance; timeZone: string }) {
  return (
    <li className="px-4 py-3" id={`maintenance-${maintenance.id}`}>
      <h3 className="font-medium">{maintenance.name}</h3>
      <p className="text-xs text-muted">
        <ZonedTime instant={maintenance.scheduledFor} timeZone={timeZone} /> –{' '}
        <ZonedTime instant={maintenance.scheduledUntil} timeZone={timeZone} />
      </p>
      <IncidentUpdates updates={maintenance.updates} timeZone={timeZone} />
    </li>
  );
}

/** The public status page: no sign-in, only public facts. */
export default async function StatusPage({ params }: Props) {
  const page = await load((await params).slug);
  const { slug, name, timeZone } = page.organisation;
  const { inProgress, upcoming } = page.maintenances;
  return (
    <main className="mx-auto max-w-3xl px-4 py-10">
      <div className="mb-6 flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-semibold">{name} status</h1>
        <Link
          href={`/status/${slug}/subscribe`}
          className="rounded-md border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-900"
        >
          Subscribe to updates
        </Link>
      </div>
      <StatusBanner status={page.overall} />
      {page.activeIncidents.length > 0 && (
        <section aria-labelledby="active-incidents" className={SECTION}>
          <h2 id="active-incidents" className={H2}>
            Active incidents
          </h2>
          <ul className={BOX}>
            {page.activeIncidents.map((incident) => (
              <Incident key={incident.id} incident={incident} slug={slug} timeZone={timeZone} />
            ))}
          </ul>
        </section>
      )}
      {inProgress.length + upcoming.length > 0 && (
        <section aria-labelledby="maintenance" className={SECTION}>
          <h2 id="maintenance" className={H2}>
            Scheduled maintenance
          </h2>
          {inProgress.length > 0 && (
            <>
              <h3 className="mb-1 text-sm font-medium">In progress</h3>
              <ul className={`${BOX} mb-4`}>
                {inProgress.map((m) => (
                  <Maintenance key={m.id} maintenance={m} timeZone={timeZone} />
                ))}
              </ul>
            </>
          )}
          {upcoming.length > 0 && (
            <>
              <h3 className="mb-1 text-sm font-medium">Upcoming</h3>
              <ul className={BOX}>
                {upcoming.map((m) => (
                  <Maintenance key={m.id} maintenance={m} timeZone={timeZone} />
                ))}
              </ul>
            </>
          )}
        </section>
      )}
      <SecurityNotices notices={page.notices} />
      {page.groups.map((group) => (
        <section
          key={group.id ?? '-'}
          aria-label={group.name ?? 'Components'}
          className={SECTION}
          data-testid="component-group"
        >
          {group.name && <h2 className={H2}>{group.name}</h2>}
          <ul className={BOX}>
            {group.components.map((component) => (
              <li key={component.id} className="px-4 py-3" data-testid="component">
                <div className="flex items-center justify-between gap-4">
                  <span>
                    <span className="font-medium">{component.name}</span>
                    {component.description && (
                      <span className="ml-2 text-sm text-muted">{component.description}</span>
                    )}
                  </span>
                  <ComponentStatusBadge status={component.status} />
                </div>
                <UptimeBars bars={component.bars} name={component.name} />
              </li>
            ))}
          </ul>
        </section>
      ))}
      {page.recentIncidents.length > 0 && (
        <section aria-labelledby="recent-incidents" className={SECTION}>
          <h2 id="recent-incidents" className={H2}>
            Resolved in the last 7 days
          </h2>
          <ul className={BOX}>
            {page.recentIncidents.map((incident) => (
              <Incident key={incident.id} incident={incident} slug={slug} timeZone={timeZone} />
            ))}
          </ul>
        </section>
      )}
      <p className="text-xs text-muted">
        Times in {timeZone}. Updated <ZonedTime instant={page.updatedAt} timeZone={timeZone} />.
      </p>
      <StatusFooter slug={slug} />
    </main>
  );
}

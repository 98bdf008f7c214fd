import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ComponentStatusBadge } from '@/app/_components/badges';
import { ZonedTime } from '@/app/_components/zoned-time';
import { getDatabase } from '@/db/client';
import { publicBaseUrl } from '@/lib/public-url';
import { getStatusIncident } from '@/server/services/status/get-status-incident';
import type { ComponentStatus } from '@/workflows/status/constants';
import { IncidentUpdates, STAGE_LABEL } from '../../_components/incident-updates';
import { validSlug } from '../../_components/slug';
import { feedAlternates, StatusFooter } from '../../_components/status-footer';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ slug: string; id: string }> };

const IMPACT_LABEL = { none: 'No impact', minor: 'Minor', major: 'Major', critical: 'Critical' } as const;

async function load(params: Props['params']) {
  const { slug, id } = await params;
  const page = await getStatusIncident((await getDatabase()).db, validSlug(slug), id, new Date(), {
    baseUrl: publicBaseUrl(),
  });
  if (!page) notFound();
  return page;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { organisation, incident } = await load(params);
  return {
    title: `${incident.name} · ${organisation.name} status`,
    alternates: feedAlternates(organisation.slug, organisation.name),
  };
}

/** One public incident with all its updates (public facts only: no ticket number, no people). */
export default async function StatusIncidentPage({ params }: Props) {
  const { organisation, incident } = await load(params);
  // Each component with the status the incident's latest change to it set (updates are newest first).
  const affected = new Map<string, { id: string; name: string; status: ComponentStatus }>();
  for (const change of incident.updates.flatMap((u) => u.affectedComponents))
    if (!affected.has(change.id))
      affected.set(change.id, { id: change.id, name: change.name, status: change.newStatus });
  return (
    <main className="mx-auto max-w-3xl px-4 py-10">
      <p className="mb-4 text-sm">
        <Link className="underline underline-offset-2" href={`/status/${organisation.slug}`}>
          {organisation.name} status
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">{incident.name}</h1>
      <p className="mt-1 text-sm text-muted" data-testid="incident-state">
        {STAGE_LABEL[incident.status]} · Impact: {IMPACT_LABEL[incident.impact]} · Started{' '}
        <ZonedTime instant={incident.startedAt} timeZone={organisation.timeZone} />
        {incident.resolvedAt && (
          <>
            {' '}
            · Resolved <ZonedTime instant={incident.resolvedAt} timeZone={organisation.timeZone} />
          </>
        )}
      </p>
      {affected.size > 0 && (
        <section aria-labelledby="affected" className="mt-6">
          <h2 id="affected" className="mb-2 text-sm font-semibold uppercase tracking-wide text-muted">
            Affected components
          </h2>
          <ul className="space-y-1 text-sm">
            {[...affected.values()].map((c) => (
              <li key={c.id} className="flex items-center gap-3">
                <span className="font-medium">{c.name}</span>
                <ComponentStatusBadge status={c.status} />
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="updates" className="mt-6">
        <h2 id="updates" className="mb-2 text-sm font-semibold uppercase tracking-wide text-muted">
          Updates
        </h2>
        <IncidentUpdates updates={incident.updates} timeZone={organisation.timeZone} />
      </section>
      <StatusFooter slug={organisation.slug} />
    </main>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ZonedTime } from '@/app/_components/zoned-time';
import { getDatabase } from '@/db/client';
import { listIncidentHistory } from '@/server/services/status/list-incident-history';
import { STAGE_LABEL } from '../_components/incident-updates';
import { validSlug } from '../_components/slug';
import { feedAlternates, StatusFooter } from '../_components/status-footer';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ page?: string | string[] }> };

async function load(props: Props) {
  const slug = validSlug((await props.params).slug);
  const raw = (await props.searchParams).page;
  const page = typeof raw === 'string' && /^\d{1,3}$/.test(raw) ? Number(raw) : 0;
  const history = await listIncidentHistory((await getDatabase()).db, slug, new Date(), page);
  if (!history) notFound();
  return history;
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const { organisation } = await load(props);
  return {
    title: `Incident history · ${organisation.name} status`,
    alternates: feedAlternates(organisation.slug, organisation.name),
  };
}

function monthLabel(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return new Date(Date.UTC(year!, m! - 1, 1)).toLocaleString('en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** Past incidents by month, three months a page, newest first. */
export default async function StatusHistoryPage(props: Props) {
  const history = await load(props);
  const { slug, name, timeZone } = history.organisation;
  const link = 'underline underline-offset-2';
  return (
    <main className="mx-auto max-w-3xl px-4 py-10">
      <p className="mb-4 text-sm">
        <Link className={link} href={`/status/${slug}`}>
          {name} status
        </Link>
      </p>
      <h1 className="mb-6 text-2xl font-semibold">Incident history</h1>
      {history.months.map((month) => (
        <section key={month.month} aria-labelledby={`month-${month.month}`} className="mb-8">
          <h2
            id={`month-${month.month}`}
            className="mb-2 border-b border-zinc-200 pb-1 font-semibold dark:border-zinc-800"
          >
            {monthLabel(month.month)}
          </h2>
          {month.incidents.length === 0 ? (
            <p className="text-sm text-muted">No incidents reported.</p>
          ) : (
            <ul className="space-y-3">
              {month.incidents.map((incident) => (
                <li key={incident.id}>
                  <Link
                    className="font-medium hover:underline"
                    href={`/status/${slug}/incidents/${incident.id}`}
                  >
                    {incident.name}
                  </Link>
                  <p className="text-xs text-muted">
                    {STAGE_LABEL[incident.status]} ·{' '}
                    <ZonedTime instant={incident.startedAt} timeZone={timeZone} />
                    {incident.resolvedAt && (
                      <>
                        {' – '}
                        <ZonedTime instant={incident.resolvedAt} timeZone={timeZone} />
                      </>
                    )}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
      <nav aria-label="History pages" className="flex justify-between text-sm">
        {history.page > 0 ? (
          <Link
            className={link}
            href={`/status/${slug}/history${history.page > 1 ? `?page=${history.page - 1}` : ''}`}
          >
            Newer incidents
          </Link>
        ) : (
          <span />
        )}
        {history.hasOlder && (
          <Link className={link} href={`/status/${slug}/history?page=${history.page + 1}`}>
            Older incidents
          </Link>
        )}
      </nav>
      <StatusFooter slug={slug} />
    </main>
  );
}

import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ComponentStatusBadge } from '@/app/_components/badges';
import { SecurityNotices } from '@/app/_components/security-notices';
import { getDatabase } from '@/db/client';
import { getStatusPage } from '@/server/services/status/get-status-page';
import { COMPONENT_STATUS_LABEL } from '@/workflows/status/constants';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ slug: string }> };

async function load(slug: string) {
  if (!/^[a-z0-9-]{2,63}$/.test(slug)) notFound();
  const page = await getStatusPage((await getDatabase()).db, slug);
  if (!page) notFound();
  return page;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const page = await load((await params).slug);
  return { title: `${page.organisation.name} status` };
}

/** The public status page: no sign-in, only public facts. */
export default async function StatusPage({ params }: Props) {
  const { slug } = await params;
  const page = await load(slug);
  const allGood = page.overall === 'operational';
  return (
    <main className="mx-auto max-w-3xl px-4 py-10">
      <h1 className="mb-6 text-2xl font-semibold">{page.organisation.name} status</h1>
      <p
        className={`mb-8 rounded-md px-4 py-3 font-medium text-white ${allGood ? 'bg-status-operational' : 'bg-status-partial'}`}
        data-testid="overall-status"
      >
        {allGood ? 'All systems operational' : `Current status: ${COMPONENT_STATUS_LABEL[page.overall]}`}
      </p>
      <SecurityNotices notices={page.notices} />
      {page.groups.map((group) => (
        <section key={group.name ?? '-'} className="mb-6">
          {group.name && (
            <h2 className="mb-2 text-sm font-semibold uppercase tracking-wide text-muted">{group.name}</h2>
          )}
          <ul className="divide-y divide-zinc-200 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
            {group.services.map((service) => (
              <li key={service.id} className="flex items-center justify-between px-4 py-3">
                <span>
                  <span className="font-medium">{service.name}</span>
                  {service.description && (
                    <span className="ml-2 text-sm text-muted">{service.description}</span>
                  )}
                </span>
                <ComponentStatusBadge status={service.status} />
              </li>
            ))}
          </ul>
        </section>
      ))}
      <p className="mt-10 text-center text-xs text-muted">Powered by Watchfloor</p>
    </main>
  );
}

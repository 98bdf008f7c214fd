import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { Breadcrumbs } from '@/app/_components/breadcrumbs';
import type { CustomerAccount } from '@/server/services/directory/list-customer-accounts';
import { adminAccess } from '../../_components/admin-access';
import { StatusWord } from '../../_components/admin-table';
import { CUSTOMERS_ADMIN } from '../../_components/routes';
import { createdNotice } from '../../sla/_components/admin-page';
import { CustomerFacts, ServiceFacts } from '../_components/customer-facts';
import { CustomerForm } from '../_components/customer-form';
import { RetireService } from '../_components/retire-service';
import { ServiceForm } from '../_components/service-form';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Customer' };

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

function Page(props: { title: string; children: ReactNode }) {
  return (
    <div className="max-w-4xl space-y-6">
      <div>
        <Breadcrumbs trail={[{ label: 'Customers', href: CUSTOMERS_ADMIN }, { label: props.title }]} />
        <h1 className="text-xl font-semibold">{props.title}</h1>
      </div>
      {props.children}
    </div>
  );
}

/** What a manager sees: the settings and every service, as text, with no control that changes them. */
function CustomerReadOnly({ organisation }: { organisation: CustomerAccount }) {
  return (
    <Page title={organisation.name}>
      <CustomerFacts organisation={organisation} />
      <section aria-labelledby="services-heading" className="space-y-3">
        <h2 id="services-heading" className="text-lg font-semibold">
          Services
        </h2>
        {organisation.services.length === 0 && <p className="text-sm text-muted">No services yet.</p>}
        <ul className="space-y-2">
          {organisation.services.map((s) => (
            <li key={s.id} className="space-y-2 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
              <h3 className="text-sm">
                <span className="font-medium">{s.name}</span> <span className="text-muted">({s.slug})</span>
              </h3>
              <ServiceFacts service={s} />
            </li>
          ))}
        </ul>
      </section>
    </Page>
  );
}

/**
 * One organisation (`/admin/customers/<id>`, or `new`): its settings and contract, then its services. Admins
 * edit each in place, retire services and add them; managers read the same as text, and have no `new`.
 */
export default async function CustomerAdminPage({ params, searchParams }: Props) {
  const { id } = await params;
  const { api, canEdit } = await adminAccess();
  if (id === 'new' && !canEdit) notFound();
  const [organisations, policies] = await Promise.all([api.directory.customers(), api.sla.policies()]);
  const policyChoices = policies.map((p) => ({ id: p.id, name: p.name }));
  const timeZones = Intl.supportedValuesOf('timeZone');
  if (id === 'new')
    return (
      <Page title="New customer">
        <CustomerForm initial={null} policies={policyChoices} timeZones={timeZones} />
      </Page>
    );
  const organisation = organisations.find((o) => o.id === id) ?? notFound();
  if (!canEdit) return <CustomerReadOnly organisation={organisation} />;
  const initial = {
    id: organisation.id,
    kind: organisation.kind,
    name: organisation.name,
    slug: organisation.slug,
    timeZone: organisation.timeZone,
    slaPolicyId: organisation.slaPolicy?.id ?? null,
    availabilityCommitment: organisation.availabilityCommitment,
    statusPagePublic: organisation.statusPagePublic,
    weightMajor: organisation.weightMajor,
    weightPartial: organisation.weightPartial,
    weightDegraded: organisation.weightDegraded,
    creditTiers: organisation.creditTiers,
  };
  return (
    <Page title={organisation.name}>
      <CustomerForm
        key={organisation.id}
        initial={initial}
        policies={policyChoices}
        timeZones={timeZones}
        notice={await createdNotice(searchParams)}
      />
      <section aria-labelledby="services-heading" className="space-y-3">
        <h2 id="services-heading" className="text-lg font-semibold">
          Services
        </h2>
        {organisation.services.length === 0 && (
          <p className="text-sm text-muted">No services yet: add the first one below.</p>
        )}
        <ul className="space-y-2">
          {organisation.services.map((s) => (
            <li key={s.id} className="rounded-md border border-zinc-200 dark:border-zinc-800">
              <details>
                <summary className="cursor-pointer px-3 py-2 text-sm">
                  <span className="font-medium">{s.name}</span> <span className="text-muted">({s.slug})</span>
                  {s.groupName && <span className="text-muted"> · {s.groupName}</span>}{' '}
                  {s.retiredAt && <StatusWord tone="off">Retired</StatusWord>}
                </summary>
                <div className="space-y-3 border-t border-zinc-200 p-3 dark:border-zinc-800">
                  <ServiceForm organisationId={organisation.id} initial={s} />
                  {s.retiredAt && (
                    <p className="text-sm text-muted">
                      Retired: not on the status page, and new tickets cannot name it.
                    </p>
                  )}
                  <RetireService serviceId={s.id} name={s.name} retired={s.retiredAt !== null} />
                </div>
              </details>
            </li>
          ))}
        </ul>
        <div className="rounded-md border border-zinc-200 p-4 dark:border-zinc-800">
          <h3 className="mb-2 font-semibold">Add a service</h3>
          <ServiceForm key={organisation.services.length} organisationId={organisation.id} initial={null} />
        </div>
      </section>
    </Page>
  );
}

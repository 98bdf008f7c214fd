import type { ReactNode } from 'react';
import type { AdminService, CustomerAccount } from '@/server/services/directory/list-customer-accounts';
import { StatusWord } from '../../_components/admin-table';

function Facts(props: { children: ReactNode }) {
  return <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">{props.children}</dl>;
}

function Fact(props: { term: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-muted">{props.term}</dt>
      <dd>{props.children}</dd>
    </>
  );
}

/** An organisation's settings and contract as text, for those who read them (managers) but may not edit. */
export function CustomerFacts({ organisation }: { organisation: CustomerAccount }) {
  return (
    <section aria-labelledby="settings-heading" className="space-y-2">
      <h2 id="settings-heading" className="text-lg font-semibold">
        Settings
      </h2>
      <Facts>
        <Fact term="Slug (status page address)">{organisation.slug}</Fact>
        <Fact term="Time zone (IANA)">{organisation.timeZone}</Fact>
        <Fact term="SLA policy">{organisation.slaPolicy?.name ?? 'None (no SLA clocks)'}</Fact>
        <Fact term="Availability commitment">{organisation.availabilityCommitment} %</Fact>
        <Fact term="Public status page">{organisation.statusPagePublic ? 'Yes' : 'No'}</Fact>
        <Fact term="Downtime weights">
          major outage × {organisation.weightMajor}, partial × {organisation.weightPartial}, degraded ×{' '}
          {organisation.weightDegraded}
        </Fact>
        <Fact term="Service credits">
          {organisation.creditTiers.length === 0 ? (
            'None'
          ) : (
            <ul>
              {organisation.creditTiers.map((t) => (
                <li key={t.belowPercent}>
                  below {t.belowPercent} % uptime: {t.creditPercent} % of the fee
                </li>
              ))}
            </ul>
          )}
        </Fact>
      </Facts>
    </section>
  );
}

/** One service as text: its group, commitment, description and whether it is retired. */
export function ServiceFacts({ service }: { service: AdminService }) {
  return (
    <Facts>
      <Fact term="Group">{service.groupName ?? '—'}</Fact>
      <Fact term="Availability commitment">{service.availabilityCommitment} %</Fact>
      <Fact term="Description">{service.description || '—'}</Fact>
      <Fact term="State">
        {service.retiredAt ? (
          <StatusWord tone="off">Retired</StatusWord>
        ) : (
          <StatusWord tone="ok">In use</StatusWord>
        )}
      </Fact>
    </Facts>
  );
}

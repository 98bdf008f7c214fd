import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Breadcrumbs } from '@/app/_components/breadcrumbs';
import { RelativeTime } from '@/app/_components/relative-time';
import { WEBHOOK_EVENT_LABEL } from '@/workflows/webhooks/constants';
import { adminAccess } from '../../_components/admin-access';
import { AdminTable, cellClass, rowClass, StatusWord } from '../../_components/admin-table';
import { WEBHOOKS_ADMIN } from '../../_components/routes';
import { WebhookActions } from '../_components/webhook-actions';
import { EditWebhookForm } from '../_components/webhook-form';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Webhook endpoint' };

const STATUS_WORD = {
  pending: 'Pending',
  failed: 'Retrying',
  delivered: 'Delivered',
  dead: 'Given up',
} as const;

/** One endpoint: its settings and buttons (admins), and its delivery log with each attempt's response. */
export default async function WebhookPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { api, canEdit } = await adminAccess();
  const [endpoints, organisations] = await Promise.all([api.webhooks.list({}), api.directory.customers()]);
  const endpoint = endpoints.find((e) => e.id === id);
  if (!endpoint) notFound();
  const organisation = organisations.find((o) => o.id === endpoint.organisationId);
  const deliveries = await api.webhooks.deliveries({ endpointId: id, limit: 100 });
  return (
    <div className="max-w-5xl space-y-6">
      <div>
        <Breadcrumbs trail={[{ label: 'Webhooks', href: WEBHOOKS_ADMIN }, { label: endpoint.url }]} />
        <h1 className="break-all text-xl font-semibold">{endpoint.url}</h1>
        <p className="text-sm text-muted">
          {organisation?.name} ·{' '}
          {endpoint.enabled ? (
            <StatusWord tone="ok">Enabled</StatusWord>
          ) : (
            <StatusWord tone="off">Disabled: {endpoint.disabledReason}</StatusWord>
          )}{' '}
          · {endpoint.consecutiveFailures} failed attempts in a row
        </p>
      </div>
      {canEdit ? (
        <>
          <WebhookActions id={endpoint.id} enabled={endpoint.enabled} listPath={WEBHOOKS_ADMIN} />
          <EditWebhookForm
            kind={organisation?.kind ?? 'customer'}
            initial={{
              id: endpoint.id,
              url: endpoint.url,
              description: endpoint.description,
              eventTypes: endpoint.eventTypes,
              enabled: endpoint.enabled,
            }}
          />
        </>
      ) : (
        <p className="text-sm">Events: {endpoint.eventTypes.map((t) => WEBHOOK_EVENT_LABEL[t]).join(', ')}</p>
      )}
      <section aria-labelledby="deliveries-heading" className="space-y-2">
        <h2 id="deliveries-heading" className="text-lg font-semibold">
          Delivery log
        </h2>
        <AdminTable
          label="Deliveries"
          head={[
            'Created',
            'Event',
            'Message id',
            'Status',
            'Attempts (HTTP status, duration)',
            'Next attempt',
          ]}
          empty="Nothing sent yet."
          rows={deliveries.map((d) => (
            <tr key={d.id} className={rowClass}>
              <td className={cellClass}>
                <RelativeTime date={d.createdAt} />
              </td>
              <td className={cellClass}>
                <code className="text-xs">{d.eventType}</code>
              </td>
              <td className={cellClass}>
                <code className="text-xs">{d.messageId}</code>
              </td>
              <td className={cellClass}>
                <StatusWord tone={d.status === 'delivered' ? 'ok' : 'off'}>
                  {STATUS_WORD[d.status]}
                </StatusWord>
                {d.lastError && <div className="text-muted">{d.lastError}</div>}
              </td>
              <td className={cellClass}>
                {d.attemptLog.length
                  ? d.attemptLog.map((a) => `${a.status ?? 'no answer'} (${a.durationMs} ms)`).join(', ')
                  : '—'}
              </td>
              <td className={cellClass}>{d.nextAttemptAt ? <RelativeTime date={d.nextAttemptAt} /> : '—'}</td>
            </tr>
          ))}
        />
      </section>
    </div>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { WEBHOOK_EVENT_LABEL } from '@/workflows/webhooks/constants';
import { adminAccess } from '../_components/admin-access';
import { AdminTable, cellClass, linkClass, rowClass, StatusWord } from '../_components/admin-table';
import { webhookPath } from '../_components/routes';
import { CreateWebhookForm } from './_components/webhook-form';

export const metadata: Metadata = { title: 'Webhooks' };
export const dynamic = 'force-dynamic';

/**
 * Outbound webhooks (#14): each organisation's endpoints, signed per Standard Webhooks and retried with
 * backoff. Admins create them (the secret is shown once) and open each for its settings, test button
 * and delivery log; managers read.
 */
export default async function WebhooksAdminPage() {
  const { api, canEdit } = await adminAccess();
  const [endpoints, organisations] = await Promise.all([api.webhooks.list({}), api.directory.customers()]);
  const nameOf = new Map(organisations.map((o) => [o.id, o.name]));
  return (
    <div className="max-w-5xl space-y-6">
      <h1 className="text-xl font-semibold">Webhooks</h1>
      <AdminTable
        label="Webhook endpoints"
        head={['Endpoint', 'Organisation', 'Events', 'Status', 'Failures in a row']}
        empty="No endpoints yet."
        rows={endpoints.map((e) => (
          <tr key={e.id} className={rowClass}>
            <td className={`${cellClass} break-all`}>
              <Link className={linkClass} href={webhookPath(e.id)}>
                {e.url}
              </Link>
              {e.description && <div className="text-muted">{e.description}</div>}
            </td>
            <td className={cellClass}>{nameOf.get(e.organisationId) ?? '—'}</td>
            <td className={cellClass}>{e.eventTypes.map((t) => WEBHOOK_EVENT_LABEL[t]).join(', ')}</td>
            <td className={cellClass}>
              {e.enabled ? (
                <StatusWord tone="ok">Enabled</StatusWord>
              ) : (
                <>
                  <StatusWord tone="off">Disabled</StatusWord>
                  <div className="text-muted">{e.disabledReason}</div>
                </>
              )}
            </td>
            <td className={cellClass}>{e.consecutiveFailures}</td>
          </tr>
        ))}
      />
      {canEdit && (
        <section aria-labelledby="new-webhook-heading" className="space-y-3">
          <h2 id="new-webhook-heading" className="text-lg font-semibold">
            New endpoint
          </h2>
          <CreateWebhookForm
            organisations={organisations.map((o) => ({ id: o.id, name: o.name, kind: o.kind }))}
          />
        </section>
      )}
    </div>
  );
}

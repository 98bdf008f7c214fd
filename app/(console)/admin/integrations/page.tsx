import type { Metadata } from 'next';
import { RelativeTime } from '@/app/_components/relative-time';
import { INTEGRATION_KIND_LABELS } from '@/workflows/integrations/constants';
import { adminAccess } from '../_components/admin-access';
import { AdminTable, cellClass, rowClass, StatusWord } from '../_components/admin-table';
import { NewIntegrationForm } from './_components/new-integration-form';
import { RevokeIntegration } from './_components/revoke-integration';

export const metadata: Metadata = { title: 'Integrations' };
export const dynamic = 'force-dynamic';

/**
 * Alert integrations (DESIGN §2.7): Alertmanager receivers and Events v2 routing keys per organisation.
 * Admins create them (the key is shown once) and revoke them; managers read the list.
 */
export default async function IntegrationsAdminPage() {
  const { api, canEdit } = await adminAccess();
  const [integrations, organisations] = await Promise.all([
    api.integrations.list(),
    api.directory.organisations(),
  ]);
  return (
    <div className="max-w-5xl space-y-4">
      <h1 className="text-xl font-semibold">Integrations</h1>
      <AdminTable
        label="Integrations"
        head={[
          'Name',
          'Kind',
          'Organisation',
          'Default service',
          'Key',
          'Open alerts',
          'Created',
          'State',
          '',
        ]}
        empty="No integration yet."
        rows={integrations.map((i) => (
          <tr key={i.id} className={rowClass}>
            <td className={cellClass}>{i.name}</td>
            <td className={cellClass}>
              {INTEGRATION_KIND_LABELS[i.kind]}
              {i.heartbeat && (
                <span className="block text-xs text-muted">
                  every {i.heartbeat.intervalMinutes} min (grace {i.heartbeat.graceMinutes})
                  {i.heartbeat.missedAt && ' · missing'}
                </span>
              )}
            </td>
            <td className={cellClass}>{i.organisation.name}</td>
            <td className={cellClass}>{i.defaultService.name}</td>
            <td className={`${cellClass} font-mono`}>{i.keyPrefix}…</td>
            <td className={cellClass}>{i.liveAlerts}</td>
            <td className={cellClass}>
              {i.lastDelivery ? (
                <>
                  <RelativeTime date={i.lastDelivery.at} />
                  {i.lastDelivery.truncatedAlerts > 0 && (
                    <span className="block text-xs text-muted">
                      {i.lastDelivery.truncatedAlerts} alerts left out by the sender
                    </span>
                  )}
                </>
              ) : (
                'None yet'
              )}
            </td>
            <td className={cellClass}>
              {i.revokedAt ? (
                <StatusWord tone="off">Revoked</StatusWord>
              ) : (
                <StatusWord tone="ok">Active</StatusWord>
              )}
            </td>
            <td className={cellClass}>
              {canEdit && !i.revokedAt && <RevokeIntegration id={i.id} name={i.name} />}
            </td>
          </tr>
        ))}
      />
      <p className="text-xs text-muted">
        Alertmanager: <code>POST /api/integrations/alertmanager</code> with{' '}
        <code>Authorization: Bearer &lt;key&gt;</code> (<code>http_config.authorization.credentials</code>).
        Events API v2: <code>POST /v2/enqueue</code> and <code>/v2/change/enqueue</code> with the key as{' '}
        <code>routing_key</code>. Heartbeat monitor: <code>POST /api/integrations/heartbeat</code> with{' '}
        <code>Authorization: Bearer &lt;key&gt;</code> every interval; a ping overdue past its grace opens an
        outage on the default service, and the next ping recovers it.
      </p>
      {canEdit && (
        <NewIntegrationForm
          organisations={organisations.map((o) => ({
            id: o.id,
            name: o.name,
            services: o.services.map((s) => ({ id: s.id, name: s.name })),
          }))}
        />
      )}
    </div>
  );
}

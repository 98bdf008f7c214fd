import type { Metadata } from 'next';
import Link from 'next/link';
import { buttonClassName } from '@/app/_components/form';
import { adminAccess } from '../_components/admin-access';
import { AdminTable, cellClass, linkClass, rowClass } from '../_components/admin-table';
import { customerPath } from '../_components/routes';

export const metadata: Metadata = { title: 'Customers' };
export const dynamic = 'force-dynamic';

/**
 * Customer organisations at a glance, with their contract and services (the operator first, with the
 * shared infrastructure it runs); each opens its own page, where admins edit it and its services and
 * managers read them.
 */
export default async function CustomersAdminPage() {
  const { api, canEdit } = await adminAccess();
  const organisations = await api.directory.customers();
  return (
    <div className="max-w-5xl space-y-4">
      <div className="flex items-center justify-between gap-4">
        <h1 className="text-xl font-semibold">Customers and services</h1>
        {canEdit && (
          <Link href={customerPath('new')} className={buttonClassName()}>
            New customer
          </Link>
        )}
      </div>
      <AdminTable
        label="Customers"
        head={['Name', 'Slug', 'Time zone', 'SLA policy', 'Services', 'Users']}
        empty="No organisations yet: create the first customer."
        rows={organisations.map((o) => {
          const current = o.services.filter((s) => !s.retiredAt);
          const retired = o.services.length - current.length;
          return (
            <tr key={o.id} className={rowClass}>
              <td className={cellClass}>
                <Link className={linkClass} href={customerPath(o.id)}>
                  {o.name}
                </Link>
                {o.kind === 'operator' && <span className="text-muted"> (operator)</span>}
              </td>
              <td className={cellClass}>{o.slug}</td>
              <td className={cellClass}>{o.timeZone}</td>
              <td className={cellClass}>{o.slaPolicy?.name ?? '—'}</td>
              <td className={cellClass}>
                {current.map((s) => s.name).join(', ') || '—'}
                {retired > 0 && <span className="text-muted"> (+{retired} retired)</span>}
              </td>
              <td className={cellClass}>{o.userCount}</td>
            </tr>
          );
        })}
      />
    </div>
  );
}

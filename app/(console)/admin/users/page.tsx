import type { Metadata } from 'next';
import Link from 'next/link';
import { Button, buttonClassName, Label, Select } from '@/app/_components/form';
import { RelativeTime } from '@/app/_components/relative-time';
import { ROLE_LABELS, ROLES, type Role } from '@/workflows/tickets/constants';
import { adminAccess } from '../_components/admin-access';
import { AdminTable, cellClass, linkClass, rowClass, StatusWord } from '../_components/admin-table';
import { userPath } from '../_components/routes';

export const metadata: Metadata = { title: 'Users' };
export const dynamic = 'force-dynamic';

const STATES = { active: true, deactivated: false } as const;
type State = keyof typeof STATES;

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The filters in the URL (`?role=noc_engineer&state=active`); anything unknown means "all". */
function filtersOf(params: Record<string, string | string[] | undefined>) {
  const role = ROLES.find((r) => r === params.role);
  const state = (Object.keys(STATES) as State[]).find((s) => s === params.state);
  return { role, state };
}

/**
 * Every account, its role, organisation and state, filtered by role and active state; admins create
 * accounts from here, managers only read.
 */
export default async function UsersAdminPage({ searchParams }: Props) {
  const { api, canEdit } = await adminAccess();
  const { role, state } = filtersOf(await searchParams);
  const users = await api.users.list({ role, active: state ? STATES[state] : undefined });
  return (
    <div className="max-w-5xl space-y-4">
      <div className="flex items-center justify-between gap-4">
        <h1 className="text-xl font-semibold">Users</h1>
        {canEdit && (
          <Link href={userPath('new')} className={buttonClassName()}>
            New user
          </Link>
        )}
      </div>
      <form method="get" aria-label="Filter users" className="flex flex-wrap items-end gap-3">
        <div>
          <Label htmlFor="filter-role">Role</Label>
          <Select id="filter-role" name="role" defaultValue={role ?? ''} className="w-44">
            <option value="">All roles</option>
            {ROLES.map((r: Role) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <Label htmlFor="filter-state">State</Label>
          <Select id="filter-state" name="state" defaultValue={state ?? ''} className="w-44">
            <option value="">Active and deactivated</option>
            <option value="active">Active</option>
            <option value="deactivated">Deactivated</option>
          </Select>
        </div>
        <Button type="submit" variant="ghost">
          Filter
        </Button>
      </form>
      <AdminTable
        label="Users"
        head={['Name', 'Email', 'Role', 'Organisation', 'State', 'Sign-in', 'Last sign-in']}
        empty="No user matches these filters."
        rows={users.map((u) => (
          <tr key={u.id} className={rowClass}>
            <td className={cellClass}>
              <Link className={linkClass} href={userPath(u.id)}>
                {u.name}
              </Link>
            </td>
            <td className={cellClass}>{u.email}</td>
            <td className={cellClass}>{ROLE_LABELS[u.role]}</td>
            <td className={cellClass}>{u.organisation.name}</td>
            <td className={cellClass}>
              {u.active ? (
                <StatusWord tone="ok">Active</StatusWord>
              ) : (
                <StatusWord tone="off">Deactivated</StatusWord>
              )}
            </td>
            <td className={cellClass}>{u.singleSignOn ? 'Single sign-on' : 'Password'}</td>
            <td className={cellClass}>{u.lastSignInAt ? <RelativeTime date={u.lastSignInAt} /> : 'Never'}</td>
          </tr>
        ))}
      />
      <p className="text-xs text-muted">
        A role change or a deactivation ends the person’s sessions at once.
      </p>
    </div>
  );
}

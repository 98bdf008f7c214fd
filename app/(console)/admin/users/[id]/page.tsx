import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { Breadcrumbs } from '@/app/_components/breadcrumbs';
import { RelativeTime } from '@/app/_components/relative-time';
import { orNotFound } from '@/server/api/server-caller';
import { isUuidText } from '@/server/services/kernel/schema-parts';
import { ROLE_LABELS } from '@/workflows/tickets/constants';
import { adminAccess } from '../../_components/admin-access';
import { StatusWord } from '../../_components/admin-table';
import { USERS_ADMIN } from '../../_components/routes';
import { createdNotice } from '../../sla/_components/admin-page';
import { AccountState } from '../_components/account-state';
import { historyLine } from '../_components/history';
import { NewUserForm } from '../_components/new-user-form';
import { RoleForm } from '../_components/role-form';

export const dynamic = 'force-dynamic';

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export const metadata: Metadata = { title: 'User' };

function Page(props: { title: string; children: ReactNode }) {
  return (
    <div className="max-w-4xl space-y-4">
      <Breadcrumbs trail={[{ label: 'Users', href: USERS_ADMIN }, { label: props.title }]} />
      <h1 className="text-xl font-semibold">{props.title}</h1>
      {props.children}
    </div>
  );
}

/**
 * One account (`/admin/users/<id>`): who, its role and state (admins change them; managers read them in
 * the list of facts), and its audit history; or `new` (admins only: a manager has nothing to create).
 */
export default async function UserAdminPage({ params, searchParams }: Props) {
  const { id } = await params;
  const { api, me, canEdit } = await adminAccess();
  if (id === 'new') {
    if (!canEdit) notFound();
    const organisations = await api.directory.organisations();
    return (
      <Page title="New user">
        <NewUserForm organisations={organisations.map(({ id, name, kind }) => ({ id, name, kind }))} />
      </Page>
    );
  }
  if (!isUuidText(id)) notFound();
  const user = await orNotFound(api.users.get({ userId: id }));
  const created = await createdNotice(searchParams);
  return (
    <Page title={user.name}>
      {created && (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
          {created} The person can sign in with the initial password.
        </p>
      )}
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-muted">Email</dt>
        <dd>{user.email}</dd>
        <dt className="text-muted">Role</dt>
        <dd>{ROLE_LABELS[user.role]}</dd>
        <dt className="text-muted">Organisation</dt>
        <dd>{user.organisation.name}</dd>
        <dt className="text-muted">State</dt>
        <dd>
          {user.active ? (
            <StatusWord tone="ok">Active</StatusWord>
          ) : (
            <StatusWord tone="off">Deactivated</StatusWord>
          )}
        </dd>
        <dt className="text-muted">Sign-in</dt>
        <dd>{user.singleSignOn ? 'Single sign-on' : 'Password'}</dd>
        <dt className="text-muted">Created</dt>
        <dd>
          <RelativeTime date={user.createdAt} />
        </dd>
        <dt className="text-muted">Last sign-in</dt>
        <dd>{user.lastSignInAt ? <RelativeTime date={user.lastSignInAt} /> : 'Never'}</dd>
      </dl>
      {canEdit && (
        <div className="grid gap-4 md:grid-cols-2">
          <RoleForm
            key={`${user.role}`}
            userId={user.id}
            role={user.role}
            customer={user.organisation.kind === 'customer'}
          />
          <AccountState
            key={`${user.active}`}
            userId={user.id}
            name={user.name}
            active={user.active}
            self={user.id === me}
          />
        </div>
      )}
      <section aria-labelledby="history-heading">
        <h2 id="history-heading" className="mb-2 font-semibold">
          History
        </h2>
        {user.history.length ? (
          <ol className="space-y-1 text-sm">
            {user.history.map((h) => (
              <li key={h.id}>
                <span className="text-muted">
                  <RelativeTime date={h.occurredAt} />
                </span>{' '}
                · {historyLine(h)} · by {h.actorLabel}
              </li>
            ))}
          </ol>
        ) : (
          <p className="text-sm text-muted">Nothing recorded for this account yet.</p>
        )}
      </section>
    </Page>
  );
}

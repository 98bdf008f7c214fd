import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { Breadcrumbs } from '@/app/_components/breadcrumbs';
import { requireSession, serverCaller } from '@/server/api/server-caller';
import { roleHas } from '@/server/auth/permissions';
import { CREATED_QUERY, SLA_ADMIN, SLA_ADMIN_SECTIONS, type SlaAdminSection } from './routes';

export const SLA_ADMIN_TITLE = 'SLA administration';

/** Admins edit business calendars, SLA and escalation policies; managers read them; others get a 404. */
export async function slaAdminAccess() {
  const { user } = await requireSession();
  if (!roleHas(user.role, 'admin.read')) notFound();
  return { api: await serverCaller(), canEdit: roleHas(user.role, 'admin.write') };
}

/**
 * The item a detail page's `id` names, or null for `new` (admins only: a manager has nothing to create);
 * anything else is a 404.
 */
export function itemOrNew<T extends { id: string }>(
  items: readonly T[],
  id: string,
  canEdit: boolean,
): T | null {
  if (id === 'new') return canEdit ? null : notFound();
  return items.find((item) => item.id === id) ?? notFound();
}

/** "Created." on the page a new item's editor moved to. */
export async function createdNotice(searchParams: Promise<Record<string, string | string[] | undefined>>) {
  return (await searchParams)[CREATED_QUERY] ? 'Created.' : undefined;
}

/** A detail page: breadcrumbs back to the list, its heading, and the one editor it hosts. */
export function DetailPage(props: { section: SlaAdminSection; name: string | null; children: ReactNode }) {
  const section = SLA_ADMIN_SECTIONS[props.section];
  const title = props.name ?? `New ${section.one}`;
  return (
    <div className="max-w-5xl">
      <Breadcrumbs
        trail={[
          { label: SLA_ADMIN_TITLE, href: SLA_ADMIN },
          { label: section.title, href: `${SLA_ADMIN}#${props.section}` },
          { label: title },
        ]}
      />
      <h1 className="mb-4 text-xl font-semibold">{title}</h1>
      {props.children}
    </div>
  );
}

import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { createdNotice, DetailPage, slaAdminAccess } from '../../_components/admin-page';
import { ITEM_EDITORS } from '../../_components/item-editors';
import { SLA_ADMIN_SECTIONS, sectionOfSlug } from '../../_components/routes';

export const dynamic = 'force-dynamic';

type Props = {
  params: Promise<{ section: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const section = sectionOfSlug((await params).section);
  return { title: section ? SLA_ADMIN_SECTIONS[section].title : 'Not found' };
}

/**
 * One business calendar, SLA policy or escalation policy (`/admin/sla/<section>/<id>`, or `…/new` to
 * create one), in its editor: admins edit, managers read.
 */
export default async function SlaAdminItemPage({ params, searchParams }: Props) {
  const { section: slug, id } = await params;
  const section = sectionOfSlug(slug);
  if (!section) notFound();
  const { api, canEdit } = await slaAdminAccess();
  const { name, editor } = await ITEM_EDITORS[section]({
    api,
    canEdit,
    id,
    notice: await createdNotice(searchParams),
  });
  return (
    <DetailPage section={section} name={name}>
      {editor}
    </DetailPage>
  );
}

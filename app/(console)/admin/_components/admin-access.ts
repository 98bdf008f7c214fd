import { notFound } from 'next/navigation';
import { requireSession, serverCaller } from '@/server/api/server-caller';
import { roleHas } from '@/server/auth/permissions';

/**
 * Users, customers and services: admins edit them, managers read them (DESIGN §2.9, as the SLA admin
 * pages; their procedures say so too); others get a 404.
 */
export async function adminAccess() {
  const { user } = await requireSession();
  if (!roleHas(user.role, 'admin.read')) notFound();
  return { api: await serverCaller(), me: user.id, canEdit: roleHas(user.role, 'admin.write') };
}

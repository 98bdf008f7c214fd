import { notFound } from 'next/navigation';
import { requireSession, serverCaller } from '@/server/api/server-caller';
import { roleHas } from '@/server/auth/permissions';

/** Users, customers and services are for admins only (their procedures say so too); others get a 404. */
export async function adminAccess() {
  const { user } = await requireSession();
  if (!roleHas(user.role, 'admin.write')) notFound();
  return { api: await serverCaller(), me: user.id };
}

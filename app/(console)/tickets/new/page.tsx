import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { requireSession, serverCaller } from '@/server/api/server-caller';
import { roleHas } from '@/server/auth/permissions';
import { NewOutageForm } from './new-outage-form';

export const metadata: Metadata = { title: 'New outage' };
export const dynamic = 'force-dynamic';

export default async function NewOutagePage() {
  const { user } = await requireSession();
  if (!roleHas(user.role, 'outage.create')) notFound();
  const organisations = await (await serverCaller()).directory.organisations();
  return (
    <>
      <h1 className="mb-4 text-xl font-semibold">New outage</h1>
      <NewOutageForm organisations={organisations} />
    </>
  );
}

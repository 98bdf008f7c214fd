import { redirect } from 'next/navigation';
import { requireSession } from '@/server/api/server-caller';

export const dynamic = 'force-dynamic';

/** Everyone lands where their work is. */
export default async function Home() {
  const { user } = await requireSession();
  if (user.role === 'customer') redirect('/portal');
  redirect(user.role === 'soc_analyst' ? '/soc' : '/noc');
}

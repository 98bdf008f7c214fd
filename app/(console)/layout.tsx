import Link from 'next/link';
import { redirect } from 'next/navigation';
import { LiveRefresh } from '@/app/_components/live/live-refresh';
import { SignOutButton, SignOutEverywhereButton } from '@/app/_components/sign-out-button';
import { requireSession } from '@/server/api/server-caller';
import { roleHas } from '@/server/auth/permissions';

export const dynamic = 'force-dynamic';

const ROLE_LABEL = {
  admin: 'Admin',
  manager: 'Manager',
  noc_engineer: 'NOC engineer',
  soc_analyst: 'SOC analyst',
  customer: 'Customer',
} as const;

/** The staff console: a left navigation by team (DESIGN §4). Customers are sent to their portal. */
export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const { user } = await requireSession();
  if (!roleHas(user.role, 'console.use')) redirect('/portal');
  const links = [
    { href: '/noc', label: 'NOC queue', show: roleHas(user.role, 'outage.read') },
    { href: '/tickets/new', label: 'New outage', show: roleHas(user.role, 'outage.create') },
    { href: '/soc', label: 'SOC queue', show: roleHas(user.role, 'security.read') },
    { href: '/notifications', label: 'Notifications', show: true },
    { href: '/reports', label: 'Reports', show: true },
    { href: '/admin/sla', label: 'SLA policies', show: roleHas(user.role, 'admin.read') },
  ];
  return (
    <div className="flex min-h-screen">
      <nav
        aria-label="Main"
        className="w-56 shrink-0 border-r border-zinc-200 bg-zinc-50 p-4 dark:border-zinc-800 dark:bg-zinc-900"
      >
        <Link href="/" className="mb-6 block text-lg font-semibold">
          Watchfloor
        </Link>
        <ul className="space-y-1">
          {links
            .filter((l) => l.show)
            .map((l) => (
              <li key={l.href}>
                <Link
                  href={l.href}
                  className="block rounded px-2 py-1 hover:bg-zinc-200 dark:hover:bg-zinc-800"
                >
                  {l.label}
                </Link>
              </li>
            ))}
        </ul>
        <div className="mt-8 border-t border-zinc-200 pt-4 text-sm dark:border-zinc-800">
          <p className="font-medium">{user.name}</p>
          <p className="mb-2 text-muted">{ROLE_LABEL[user.role]}</p>
          <LiveRefresh />
          <div className="flex flex-col items-start gap-1">
            <SignOutButton />
            <SignOutEverywhereButton />
          </div>
        </div>
      </nav>
      <main className="min-w-0 flex-1 p-6">{children}</main>
    </div>
  );
}

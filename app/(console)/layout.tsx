import Link from 'next/link';
import { redirect } from 'next/navigation';
import { LiveRefresh } from '@/app/_components/live/live-refresh';
import { KeyboardShortcuts } from '@/app/_components/shortcuts/keyboard-shortcuts';
import { SignOutButton, SignOutEverywhereButton } from '@/app/_components/sign-out-button';
import { requireSession } from '@/server/api/server-caller';
import { roleHas } from '@/server/auth/permissions';
import { ROLE_LABELS } from '@/workflows/tickets/constants';
import { ConsoleNav, type NavLink } from './_components/console-nav';
import { ConsoleSearch } from './_components/console-search';

export const dynamic = 'force-dynamic';

/**
 * The staff console: a skip link, a left navigation by team (DESIGN §4; a menu bar on narrow screens), a
 * header with the search box, and the page. Customers are sent to their portal.
 */
export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const { user } = await requireSession();
  if (!roleHas(user.role, 'console.use')) redirect('/portal');
  const links: (NavLink & { show: boolean })[] = [
    { href: '/noc', label: 'NOC queue', icon: 'noc', show: roleHas(user.role, 'outage.read') },
    { href: '/soc', label: 'SOC queue', icon: 'soc', show: roleHas(user.role, 'security.read') },
    { href: '/tickets?view=mine', label: 'My work', icon: 'mine', show: true },
    { href: '/tickets?view=breaching', label: 'Breaching soon', icon: 'breaching', show: true },
    // Managers and admins oversee both teams; anyone may still open /tickets (it lists what they may see).
    { href: '/tickets', label: 'All tickets', icon: 'all', show: roleHas(user.role, 'admin.read') },
    { href: '/tickets/new', label: 'New outage', icon: 'new', show: roleHas(user.role, 'outage.create') },
    { href: '/search', label: 'Search', icon: 'search', show: true },
    { href: '/notifications', label: 'Notifications', icon: 'notifications', show: true },
    { href: '/reports', label: 'Reports', icon: 'reports', show: true },
    { href: '/maintenance', label: 'Maintenance', icon: 'maintenance', show: true },
    { href: '/admin/sla', label: 'SLA policies', icon: 'sla', show: roleHas(user.role, 'admin.read') },
    // Managers read these admin pages; only admins see their editing controls.
    { href: '/admin/users', label: 'Users', icon: 'users', show: roleHas(user.role, 'admin.read') },
    {
      href: '/admin/customers',
      label: 'Customers',
      icon: 'customers',
      show: roleHas(user.role, 'admin.read'),
    },
    {
      href: '/admin/integrations',
      label: 'Integrations',
      icon: 'integrations',
      show: roleHas(user.role, 'admin.read'),
    },
    { href: '/admin/webhooks', label: 'Webhooks', icon: 'webhooks', show: roleHas(user.role, 'admin.read') },
  ];
  return (
    <div className="min-h-screen md:flex">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sky-800 focus:shadow-lg dark:focus:bg-zinc-900 dark:focus:text-sky-300"
      >
        Skip to main content
      </a>
      <ConsoleNav links={links.filter((l) => l.show).map(({ show: _, ...link }) => link)}>
        <div className="mt-6 border-t border-zinc-200 pt-4 text-sm dark:border-zinc-800">
          <p className="font-medium">{user.name}</p>
          <p className="mb-2 text-muted">{ROLE_LABELS[user.role]}</p>
          <LiveRefresh />
          <div className="flex flex-col items-start gap-1">
            <SignOutButton />
            <SignOutEverywhereButton />
          </div>
          <p className="mt-4 text-xs">
            <Link className="text-muted underline-offset-2 hover:underline" href="/api-docs">
              REST API reference
            </Link>
          </p>
        </div>
      </ConsoleNav>
      <div className="min-w-0 flex-1">
        {/* Navigation and search stay off paper: a printed page (the monthly SLA report) is the page. */}
        <header className="flex items-center gap-2 border-b border-zinc-200 px-4 py-2 print:hidden md:px-6 dark:border-zinc-800">
          <ConsoleSearch />
          <div className="ml-auto">
            <KeyboardShortcuts />
          </div>
        </header>
        <main id="main" tabIndex={-1} className="min-w-0 p-4 focus:outline-none md:p-6">
          {children}
        </main>
      </div>
    </div>
  );
}

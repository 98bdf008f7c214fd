'use client';

import {
  AlarmClock,
  BarChart3,
  Bell,
  Building2,
  ClipboardList,
  Gauge,
  type LucideIcon,
  Menu,
  Plus,
  Radio,
  Search,
  ShieldAlert,
  UserCheck,
  Users,
  Webhook,
  Wrench,
  X,
} from 'lucide-react';
import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';

const ICONS = {
  noc: Radio,
  soc: ShieldAlert,
  mine: UserCheck,
  breaching: AlarmClock,
  all: ClipboardList,
  new: Plus,
  search: Search,
  notifications: Bell,
  reports: BarChart3,
  sla: Gauge,
  users: Users,
  customers: Building2,
  integrations: Webhook,
  maintenance: Wrench,
  webhooks: Webhook,
} satisfies Record<string, LucideIcon>;

export interface NavLink {
  href: string;
  label: string;
  icon: keyof typeof ICONS;
}

/** The link for the page on screen: same path, and the same `?view=` for the views that share one. */
function isCurrent(href: string, pathname: string, view: string | null): boolean {
  const [path, query] = href.split('?');
  if (path !== pathname) return false;
  return (new URLSearchParams(query).get('view') ?? '') === (view ?? '');
}

/**
 * The console's left navigation by team (DESIGN §4), marking the current page (aria-current). Below the
 * md breakpoint it collapses into a bar with a menu button, so a phone-width screen keeps its width for
 * the queue; the menu closes again on navigation.
 */
export function ConsoleNav({ links, children }: { links: NavLink[]; children: React.ReactNode }) {
  const pathname = usePathname();
  const view = useSearchParams().get('view');
  const [open, setOpen] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: closing on every navigation is the point
  useEffect(() => setOpen(false), [pathname, view]);
  const MenuIcon = open ? X : Menu;
  return (
    <nav
      aria-label="Main"
      className="border-b border-zinc-200 bg-zinc-50 print:hidden md:min-h-screen md:w-56 md:shrink-0 md:border-r md:border-b-0 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex items-center justify-between px-4 py-3 md:py-4">
        <Link href="/" className="text-lg font-semibold">
          Watchfloor
        </Link>
        <button
          type="button"
          className="inline-flex items-center gap-1 rounded-md px-2 py-1 text-sm hover:bg-zinc-200 md:hidden dark:hover:bg-zinc-800"
          aria-expanded={open}
          aria-controls="console-menu"
          onClick={() => setOpen((o) => !o)}
        >
          <MenuIcon aria-hidden className="size-4" />
          Menu
        </button>
      </div>
      <div id="console-menu" className={`${open ? 'block' : 'hidden'} px-4 pb-4 md:block`}>
        <ul className="space-y-0.5">
          {links.map((link) => {
            const current = isCurrent(link.href, pathname, view);
            const Icon = ICONS[link.icon];
            return (
              <li key={link.href}>
                <Link
                  href={link.href}
                  aria-current={current ? 'page' : undefined}
                  className={`flex items-center gap-2 rounded px-2 py-1 hover:bg-zinc-200 dark:hover:bg-zinc-800 ${
                    current ? 'bg-zinc-200 font-semibold text-zinc-950 dark:bg-zinc-800 dark:text-white' : ''
                  }`}
                >
                  <Icon aria-hidden className="size-4 shrink-0" />
                  {link.label}
                </Link>
              </li>
            );
          })}
        </ul>
        {children}
      </div>
    </nav>
  );
}

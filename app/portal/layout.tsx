import Link from 'next/link';
import { SignOutButton, SignOutEverywhereButton } from '@/app/_components/sign-out-button';
import { requireSession, serverCaller } from '@/server/api/server-caller';

export const dynamic = 'force-dynamic';

const link = 'text-sky-700 hover:underline dark:text-sky-400';

/**
 * The customer portal's frame: the organisation, its pages (tickets, reporting an issue, the monthly SLA
 * reports, the status page when the organisation made it public) and the signed-in person.
 */
export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const { user } = await requireSession();
  const organisation = await (await serverCaller()).portal.organisation();
  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sky-800 focus:shadow-lg dark:focus:bg-zinc-900 dark:focus:text-sky-300"
      >
        Skip to main content
      </a>
      {/* Left out of print: a printed page (the monthly SLA report) is the page, not the portal around it. */}
      <header className="border-b border-zinc-200 print:hidden dark:border-zinc-800">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href="/portal" className="font-semibold">
            {organisation.name} <span className="font-normal text-muted">support portal</span>
          </Link>
          <nav aria-label="Portal">
            <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
              <li>
                <Link className={link} href="/portal">
                  Tickets
                </Link>
              </li>
              <li>
                <Link className={link} href="/portal/report">
                  Report an issue
                </Link>
              </li>
              <li>
                <Link className={link} href="/portal/reports">
                  SLA reports
                </Link>
              </li>
              {organisation.statusPagePublic && (
                <li>
                  <Link className={link} href={`/status/${organisation.slug}`}>
                    Status page
                  </Link>
                </li>
              )}
            </ul>
          </nav>
          <div className="ml-auto flex flex-wrap items-center gap-3 text-sm">
            <span>{user.name}</span>
            <SignOutButton />
            <SignOutEverywhereButton />
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto max-w-5xl px-4 py-6 focus:outline-none">
        {children}
      </main>
    </div>
  );
}

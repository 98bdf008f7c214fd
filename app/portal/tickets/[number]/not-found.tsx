import Link from 'next/link';

// Inside the portal's frame. The same words for a ticket that does not exist and one that is not the
// reader's to see (another organisation's, a security incident): a denied read looks like absence.
export default function PortalTicketNotFound() {
  return (
    <div className="mx-auto mt-16 max-w-md text-center">
      <h1 className="text-xl font-semibold">Ticket not found</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">
        Your organisation has no ticket with this number. Check the number, or find the ticket in your list.
      </p>
      <Link href="/portal" className="mt-6 inline-block text-sky-700 hover:underline dark:text-sky-400">
        Back to your tickets
      </Link>
    </div>
  );
}

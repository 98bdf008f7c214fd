'use client';

import Link from 'next/link';

// Inside the portal's frame (its header and <main>): what happened, and what to do next.
export default function PortalError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div className="mx-auto mt-16 max-w-md text-center">
      <h1 className="text-xl font-semibold">This page could not be loaded</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">
        The error was logged{error.digest ? ` (reference ${error.digest})` : ''}. Try again in a moment; if it
        keeps happening, call support and quote the reference.
      </p>
      <div className="mt-6 flex justify-center gap-4">
        <button
          type="button"
          onClick={reset}
          className="rounded-md bg-sky-700 px-3 py-1.5 text-sm text-white"
        >
          Try again
        </button>
        <Link href="/portal" className="py-1.5 text-sm text-sky-700 hover:underline dark:text-sky-400">
          Back to your tickets
        </Link>
      </div>
    </div>
  );
}

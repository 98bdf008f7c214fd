'use client';

// Production never shows a stack trace: only a reference the operator can find in the server log.
export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <main className="mx-auto mt-24 max-w-md px-4 text-center">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">
        The error was logged{error.digest ? ` (reference ${error.digest})` : ''}. Try again in a moment.
      </p>
      <button
        type="button"
        onClick={reset}
        className="mt-6 rounded-md bg-sky-700 px-3 py-1.5 text-sm text-white"
      >
        Try again
      </button>
    </main>
  );
}

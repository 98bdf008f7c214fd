import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="mx-auto mt-24 max-w-md px-4 text-center">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">
        There is nothing here, or you do not have access to it.
      </p>
      <Link href="/" className="mt-6 inline-block text-sky-700 hover:underline dark:text-sky-400">
        Back to Watchfloor
      </Link>
    </main>
  );
}

import { Search } from 'lucide-react';
import { SEARCH_MAX_LENGTH } from '@/workflows/tickets/search';

/** The console header's search box (a GET form to /search); `/` focuses it (app/_components/shortcuts). */
export function ConsoleSearch() {
  return (
    <search aria-label="Search tickets" className="w-full max-w-md">
      <form method="get" action="/search">
        <label htmlFor="console-search" className="sr-only">
          Search tickets
        </label>
        <div className="relative">
          <Search aria-hidden className="pointer-events-none absolute top-2 left-2.5 size-4 text-zinc-500" />
          <input
            id="console-search"
            name="q"
            type="search"
            required
            maxLength={SEARCH_MAX_LENGTH}
            placeholder="Search tickets"
            aria-keyshortcuts="/"
            data-shortcut="search"
            className="w-full rounded-md border border-zinc-300 bg-white py-1.5 pr-8 pl-8 text-sm shadow-xs dark:border-zinc-700 dark:bg-zinc-900"
          />
          <kbd
            aria-hidden
            className="pointer-events-none absolute top-1.5 right-2 rounded border border-zinc-300 px-1 font-mono text-xs text-zinc-600 dark:border-zinc-600 dark:text-zinc-400"
          >
            /
          </kbd>
        </div>
      </form>
    </search>
  );
}

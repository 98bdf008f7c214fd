'use client';

import { Printer } from 'lucide-react';
import { useHydrated } from '@/app/_components/use-hydrated';

/** The browser's Print (and so "Save as PDF"); the page's print styles leave only the report. */
export function PrintButton() {
  const hydrated = useHydrated();
  return (
    <button
      type="button"
      disabled={!hydrated}
      onClick={() => window.print()}
      className="inline-flex items-center gap-1 rounded-md border border-zinc-300 px-3 py-1.5 text-sm hover:bg-zinc-50 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800 print:hidden"
    >
      <Printer aria-hidden className="size-4" />
      Print or save as PDF
    </button>
  );
}

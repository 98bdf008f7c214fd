import { Download, Table2 } from 'lucide-react';
import type { ReportTable } from '@/lib/reports/tables';

/**
 * A chart's data table (its accessible alternative: the chart itself is hidden from screen readers) and
 * the CSV download of the very same table.
 */
export function DataTable({ table, query }: { table: ReportTable; query: string }) {
  const id = `table-${table.file}`;
  return (
    <div className="mt-2">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
        <a
          href={`/api/reports/${table.file}.csv${query}`}
          download
          className="inline-flex items-center gap-1 text-sky-700 hover:underline dark:text-sky-400"
        >
          <Download aria-hidden className="size-4" />
          Download CSV<span className="sr-only"> for {table.title}</span>
        </a>
      </div>
      <details className="mt-1 text-sm">
        <summary className="inline-flex cursor-pointer items-center gap-1 text-zinc-700 dark:text-zinc-300">
          <Table2 aria-hidden className="size-4" />
          Data table<span className="sr-only"> for {table.title}</span>
        </summary>
        {/* A keyboard must be able to scroll a long or wide table (WCAG 2.1.1): the region takes focus. */}
        <section
          aria-labelledby={`${id}-caption`}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable
          tabIndex={0}
          className="mt-2 max-h-96 overflow-auto"
        >
          <table id={id} className="w-full border-collapse text-left text-xs">
            <caption id={`${id}-caption`} className="sr-only">
              {table.title}
            </caption>
            <thead className="sticky top-0 bg-white text-muted dark:bg-zinc-950">
              <tr className="border-b border-zinc-200 dark:border-zinc-800">
                {table.columns.map((column) => (
                  <th key={column} scope="col" className="py-1 pr-3 font-medium">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, r) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional and never reorder
                <tr key={r} className="border-b border-zinc-100 dark:border-zinc-900">
                  {row.map((cell, c) =>
                    c === 0 ? (
                      // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional
                      <th key={c} scope="row" className="py-1 pr-3 font-normal">
                        {cell}
                      </th>
                    ) : (
                      // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional
                      <td key={c} className="py-1 pr-3 font-mono">
                        {cell ?? (
                          <>
                            <span aria-hidden>—</span>
                            <span className="sr-only">none</span>
                          </>
                        )}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </details>
    </div>
  );
}

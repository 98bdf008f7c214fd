import type { ReactNode } from 'react';

export const cellClass = 'py-1.5 pr-3';
export const rowClass = 'border-b border-zinc-100 align-top dark:border-zinc-900';
export const linkClass = 'font-medium text-sky-700 hover:underline dark:text-sky-400';

/** An admin list: a labelled table, its header row, and a line saying what to do when it is empty. */
export function AdminTable(props: { label: string; head: string[]; empty: ReactNode; rows: ReactNode[] }) {
  return (
    <div className="overflow-x-auto">
      <table aria-label={props.label} className="w-full text-left text-sm">
        <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-muted dark:border-zinc-800">
          <tr>
            {props.head.map((h) => (
              <th key={h} className="py-1 pr-3 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.length ? (
            props.rows
          ) : (
            <tr>
              <td colSpan={props.head.length} className={`${cellClass} text-muted`}>
                {props.empty}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

/** A small status word with a colour that never carries the meaning alone. */
export function StatusWord({ tone, children }: { tone: 'ok' | 'off'; children: ReactNode }) {
  const look =
    tone === 'ok'
      ? 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200'
      : 'bg-zinc-200 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200';
  return <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${look}`}>{children}</span>;
}

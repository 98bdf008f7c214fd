import { CircleCheck, CircleDot, CircleX } from 'lucide-react';
import type { ReactNode } from 'react';
import type { SecurityWorkspace } from '@/server/services/security/get-workspace';

// Layout shared by the workspace's sections (server-safe: no hooks, no client code).

export type Workspace = SecurityWorkspace;

/** A labelled region with the ticket page's heading style; `region` role comes from the aria-label. */
export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title} className="mt-8 space-y-3">
      <h2 className="mb-2 text-sm font-semibold uppercase tracking-wide text-muted">{title}</h2>
      {children}
    </section>
  );
}

/** A dense table with the queue's header style (DESIGN §4: tables over cards). */
export function Table({ head, children }: { head: string[]; children: ReactNode }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-left text-sm">
        <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-muted dark:border-zinc-800">
          <tr>
            {head.map((h, i) => (
              // Empty headers (action columns) still need a unique key.
              <th key={h || `col-${i}`} className="py-2 pr-3 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

export const row = 'border-b border-zinc-100 align-top dark:border-zinc-900';
export const cell = 'py-2 pr-3';
export const muted = 'text-zinc-600 dark:text-zinc-400';
export const link = 'text-sky-700 hover:underline dark:text-sky-400';
/** A form under a section's table. */
export const formBox = 'rounded-md border border-zinc-200 p-3 dark:border-zinc-800';

export function Empty({ children }: { children: ReactNode }) {
  return <p className="text-sm text-muted">{children}</p>;
}

export function Dash() {
  return <span className="text-muted">—</span>;
}

const TASK_ICON = { done: CircleCheck, cancelled: CircleX, open: CircleDot } as const;

/** Task and request status: an icon beside the word. */
export function TaskStatus({ status }: { status: 'open' | 'done' | 'cancelled' }) {
  const Icon = TASK_ICON[status];
  return (
    <span className="inline-flex items-center gap-1 whitespace-nowrap">
      <Icon aria-hidden className="size-3.5" />
      {status}
    </span>
  );
}

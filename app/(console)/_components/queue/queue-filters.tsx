'use client';

import { RotateCcw, SlidersHorizontal } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';
import { Button, Options, Select } from '@/app/_components/form';
import {
  OUTAGE_STATUSES,
  PRIORITIES,
  SECURITY_STATUSES,
  TICKET_KINDS,
  type TicketKind,
} from '@/workflows/tickets/constants';
import {
  CLOCK_FILTER_LABELS,
  CLOCK_FILTERS,
  TICKET_SORT_LABELS,
  TICKET_SORTS,
} from '@/workflows/tickets/queues';
import {
  DUE_CHOICES,
  FILTERS,
  type Filter,
  type FilterValues,
  type QueueView,
  STATUS_SCOPES,
  VIEW,
  viewHref,
} from './queue-params';

export interface FilterChoices {
  customers: { id: string; name: string; services: { id: string; name: string }[] }[];
  staff: { id: string; name: string }[];
}

const KIND_LABELS: Record<TicketKind, string> = { outage: 'Outages', security: 'Security incidents' };
const LABELS: Record<Filter, string> = {
  kind: 'Kind',
  status: 'Status',
  priority: 'Priority',
  customer: 'Customer',
  service: 'Service',
  assignee: 'Assignee',
  clock: 'SLA clock',
  due: 'Next deadline',
  sort: 'Sort by',
};

const words = (status: string) => status.replaceAll('_', ' ');

/** Options for people, customers or services: their id, shown as their name. */
function Named({ items }: { items: readonly { id: string; name: string }[] }) {
  return (
    <Options values={items.map((i) => i.id)} labels={Object.fromEntries(items.map((i) => [i.id, i.name]))} />
  );
}

function statusesFor(kind: string): string[] {
  if (kind === 'outage') return [...OUTAGE_STATUSES];
  if (kind === 'security') return [...SECURITY_STATUSES];
  return [...new Set([...OUTAGE_STATUSES, ...SECURITY_STATUSES])];
}

/**
 * The filter bar of a queue: a GET form, so the filters are the URL's (reload and share keep them). With
 * JavaScript it leaves the defaults out of the URL; without, the browser submits every field.
 */
export function QueueFilters({
  view,
  values,
  choices,
}: {
  view: QueueView;
  values: FilterValues;
  choices: FilterChoices;
}) {
  const router = useRouter();
  const fixed = VIEW[view].fixed;
  const shown = FILTERS.filter((name) => fixed[name] === undefined);
  const [path] = VIEW[view].href.split('?');

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const chosen = Object.fromEntries(shown.map((name) => [name, String(form.get(name) ?? '')]));
    router.push(viewHref(view, chosen));
  }

  const select = (name: Filter, options: React.ReactNode, any?: string) => (
    <div key={name} className="min-w-0">
      <label htmlFor={`filter-${name}`} className="mb-0.5 block text-xs font-medium text-muted">
        {LABELS[name]}
      </label>
      <Select id={`filter-${name}`} name={name} defaultValue={values[name]} className="max-w-full">
        {any !== undefined && <option value="">{any}</option>}
        {options}
      </Select>
    </div>
  );

  const statuses = statusesFor(fixed.kind ?? values.kind);
  const fields: Record<Filter, () => React.ReactNode> = {
    kind: () => select('kind', <Options values={TICKET_KINDS} labels={KIND_LABELS} />, 'Any kind'),
    status: () =>
      select(
        'status',
        <>
          <Options values={Object.keys(STATUS_SCOPES)} labels={STATUS_SCOPES} />
          <optgroup label="One status">
            <Options values={statuses} labels={Object.fromEntries(statuses.map((s) => [s, words(s)]))} />
          </optgroup>
        </>,
      ),
    priority: () => select('priority', <Options values={PRIORITIES} />, 'Any'),
    customer: () => select('customer', <Named items={choices.customers} />, 'Any customer'),
    service: () =>
      select(
        'service',
        choices.customers
          .filter((c) => c.services.length > 0)
          .map((c) => (
            <optgroup key={c.id} label={c.name}>
              <Named items={c.services} />
            </optgroup>
          )),
        'Any service',
      ),
    assignee: () =>
      select(
        'assignee',
        <>
          <option value="me">Me</option>
          <option value="none">Unassigned</option>
          <Named items={choices.staff} />
        </>,
        'Anyone',
      ),
    clock: () =>
      select('clock', <Options values={CLOCK_FILTERS} labels={CLOCK_FILTER_LABELS} />, 'Any clock'),
    due: () => select('due', <Options values={Object.keys(DUE_CHOICES)} labels={DUE_CHOICES} />, 'Any time'),
    sort: () => select('sort', <Options values={TICKET_SORTS} labels={TICKET_SORT_LABELS} />),
  };

  return (
    <form
      method="get"
      action={path}
      onSubmit={apply}
      aria-label={`Filter ${VIEW[view].title}`}
      className="mb-4 flex flex-wrap items-end gap-x-3 gap-y-2 rounded-md border border-zinc-200 p-3 dark:border-zinc-800"
    >
      {/* A view of /tickets names itself in the URL; the form keeps it when it submits on its own. */}
      {VIEW[view].href.includes('?view=') && <input type="hidden" name="view" value={view} />}
      {shown.map((name) => fields[name]())}
      <div className="flex items-center gap-2">
        <Button type="submit" className="inline-flex items-center gap-1.5">
          <SlidersHorizontal aria-hidden className="size-4" />
          Apply
        </Button>
        <Link
          href={VIEW[view].href}
          className="inline-flex items-center gap-1 rounded-md px-2 py-1.5 text-sm text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
        >
          <RotateCcw aria-hidden className="size-3.5" />
          Reset
        </Link>
      </div>
    </form>
  );
}

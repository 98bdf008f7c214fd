import Link from 'next/link';
import { Input, Label, Select } from '@/app/_components/form';
import type { PortalStatusFilter } from '@/server/services/portal/schemas';

export interface PortalFilterValues {
  status: PortalStatusFilter;
  serviceId: string | undefined;
  text: string | undefined;
}

const STATUS_WORDS: Record<PortalStatusFilter, string> = {
  all: 'All tickets',
  open: 'Open',
  resolved: 'Resolved and closed',
};

/**
 * A plain GET form: the filters live in the URL (a link to a filtered list can be shared and bookmarked,
 * and the back button returns to it), and it works before (or without) JavaScript.
 */
export function PortalFilters({
  values,
  services,
}: {
  values: PortalFilterValues;
  services: { id: string; name: string }[];
}) {
  const filtered = values.status !== 'all' || values.serviceId || values.text;
  return (
    <search aria-label="Filter tickets">
      <form method="get" action="/portal" className="mb-4 flex flex-wrap items-end gap-3">
        <div>
          <Label htmlFor="filter-status">Show</Label>
          <Select id="filter-status" name="status" defaultValue={values.status} className="w-auto">
            {(Object.keys(STATUS_WORDS) as PortalStatusFilter[]).map((s) => (
              <option key={s} value={s}>
                {STATUS_WORDS[s]}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <Label htmlFor="filter-service">Service</Label>
          <Select id="filter-service" name="service" defaultValue={values.serviceId ?? ''} className="w-auto">
            <option value="">All services</option>
            {services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </Select>
        </div>
        <div className="min-w-48 flex-1">
          <Label htmlFor="filter-text">Search</Label>
          <Input
            id="filter-text"
            name="q"
            type="search"
            defaultValue={values.text ?? ''}
            placeholder="Words of the title, or OUT-1042"
            maxLength={200}
          />
        </div>
        <button
          type="submit"
          className="rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800"
        >
          Filter
        </button>
        {filtered && (
          <Link href="/portal" className="py-1.5 text-sm text-sky-700 hover:underline dark:text-sky-400">
            Clear filters
          </Link>
        )}
      </form>
    </search>
  );
}

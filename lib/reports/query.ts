// The /reports filter in a URL: the page, its filter form and the CSV links share one query string
// (period, from, to, kind, interval), so a filtered view can be bookmarked, shared and exported as shown.
import { REPORT_DEFAULTS } from '@/workflows/reports/constants';

export const FILTER_KEYS = ['period', 'from', 'to', 'kind', 'interval'] as const;
export type FilterQuery = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

/** The filter keys of a query (first value of each; blanks dropped), as the schema's raw input. */
export function filterFromQuery(params: URLSearchParams): FilterQuery {
  const filter: FilterQuery = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value !== null && value !== '') filter[key] = value;
  }
  return filter;
}

/** Next's page searchParams as URLSearchParams. */
export function searchParamsOf(params: Record<string, string | string[] | undefined>): URLSearchParams {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const one of Array.isArray(value) ? value : [value]) if (one !== undefined) query.append(key, one);
  }
  return query;
}

/**
 * A query string for a filter: only what differs from the defaults, and the custom days only with a
 * custom period, so URLs stay short and one view has one URL.
 */
export function filterQuery(filter: {
  period?: string;
  from?: string;
  to?: string;
  kind?: string;
  interval?: string;
}): string {
  const query = new URLSearchParams();
  if (filter.period && filter.period !== REPORT_DEFAULTS.period) query.set('period', filter.period);
  if (filter.period === 'custom') {
    if (filter.from) query.set('from', filter.from);
    if (filter.to) query.set('to', filter.to);
  }
  if (filter.kind && filter.kind !== REPORT_DEFAULTS.kind) query.set('kind', filter.kind);
  if (filter.interval && filter.interval !== REPORT_DEFAULTS.interval) query.set('interval', filter.interval);
  const text = query.toString();
  return text ? `?${text}` : '';
}

// The portal list's URL (?status=open&service=<id>&q=words) as the service's filters. Pure: tested alone.
import { z } from 'zod';
import { PORTAL_STATUS_FILTERS, type PortalStatusFilter } from '@/server/services/portal/schemas';
import type { PortalFilterValues } from './portal-filters';

type Params = Record<string, string | string[] | undefined>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** Whatever the URL holds, filters the service accepts: an unknown value is no filter, never an error page. */
export function portalFiltersOf(params: Params, serviceIds: readonly string[]): PortalFilterValues {
  const status = first(params.status);
  const service = first(params.service);
  const text = first(params.q)
    ?.replace(/\p{Cc}/gu, ' ')
    .trim()
    .slice(0, 200);
  return {
    status: (PORTAL_STATUS_FILTERS as readonly string[]).includes(status ?? '')
      ? (status as PortalStatusFilter)
      : 'all',
    serviceId:
      service && z.uuid().safeParse(service).success && serviceIds.includes(service) ? service : undefined,
    text: text ? text : undefined,
  };
}

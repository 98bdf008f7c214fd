import { and, eq, lt } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import { statusUpdates } from '../../../db/schema';
import { publicBaseUrl } from '../../../lib/public-url';
import { civilFromDays } from '../../../workflows/sla/civil';
import type { SnapshotIncident } from '../../../workflows/status/statuspage';
import { localMonthWindow } from '../../../workflows/status/uptime';
import { localDayOf } from '../../../workflows/status/uptime-bars';
import { loadStatusHistory } from './internal/history';
import { snapshotIncident } from './internal/public-incidents';
import { publicOrganisation, servicesNamer } from './internal/public-status';

/** Months per history page. */
export const HISTORY_MONTHS_PER_PAGE = 3;
/** The oldest page anyone can ask for (ten years back). */
export const HISTORY_MAX_PAGE = 40;

export interface IncidentHistory {
  organisation: { slug: string; name: string; timeZone: string };
  page: number;
  /** Newest month first; every month of the page, empty ones included. */
  months: { month: string; incidents: SnapshotIncident[] }[];
  hasOlder: boolean;
}

/**
 * A public page's past incidents by local month of their start, newest first, three months per page
 * (page 0 ends with the current month). Null for an unknown or non-public page.
 */
export async function listIncidentHistory(
  db: Database,
  slug: string,
  now: Date,
  page: number,
  links = { baseUrl: publicBaseUrl() },
): Promise<IncidentHistory | null> {
  const organisation = await publicOrganisation(db, slug);
  if (!organisation) return null;
  const safePage = Number.isInteger(page) ? Math.min(Math.max(page, 0), HISTORY_MAX_PAGE) : 0;
  const today = civilFromDays(localDayOf(organisation.timeZone, now.getTime()));
  const months = Array.from({ length: HISTORY_MONTHS_PER_PAGE }, (_, i) => {
    const index = today.year * 12 + (today.month - 1) - safePage * HISTORY_MONTHS_PER_PAGE - i;
    const year = Math.floor(index / 12);
    const month = (index % 12) + 1;
    return {
      month: `${year}-${String(month).padStart(2, '0')}`,
      window: localMonthWindow(organisation.timeZone, year, month),
    };
  });
  const window = { start: months.at(-1)!.window.start, end: months[0]!.window.end };
  const [history, name, older] = await Promise.all([
    loadStatusHistory(db, organisation.id, window, now),
    servicesNamer(db, organisation.id),
    db
      .select({ id: statusUpdates.id })
      .from(statusUpdates)
      .where(
        and(
          eq(statusUpdates.organisationId, organisation.id),
          lt(statusUpdates.publishedAt, new Date(window.start)),
        ),
      )
      .limit(1),
  ]);
  const links_ = { baseUrl: links.baseUrl.replace(/\/+$/, ''), slug };
  const incidents = history.incidents
    .map((record) => snapshotIncident(record, name, links_))
    .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
  return {
    organisation: { slug: organisation.slug, name: organisation.name, timeZone: organisation.timeZone },
    page: safePage,
    months: months.map(({ month, window: w }) => ({
      month,
      incidents: incidents.filter((i) => i.startedAt.getTime() >= w.start && i.startedAt.getTime() < w.end),
    })),
    hasOlder: older.length > 0,
  };
}

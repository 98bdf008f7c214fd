import type { Database } from '../../../db/client';
import { publicBaseUrl } from '../../../lib/public-url';
import type { StatusSnapshot } from '../../../workflows/status/statuspage';
import type { ComponentBars } from '../../../workflows/status/uptime-bars';
import { loadPublicStatus, type PublicLinks } from './internal/public-status';

/**
 * A public page's Statuspage snapshot over the last 90 days (statuspageDocuments turns it into the
 * `/api/v2/*.json` documents), or null for an unknown slug or a page that is not public. Anonymous:
 * public facts only. Status comes only from published updates (workflows/status/component-history.ts).
 */
export async function getStatusSnapshot(
  db: Database,
  slug: string,
  now: Date,
  links: PublicLinks = { baseUrl: publicBaseUrl() },
): Promise<StatusSnapshot | null> {
  return (await loadPublicStatus(db, slug, now, links))?.snapshot ?? null;
}

/**
 * A public page's 90-day uptime bars, one per component in the snapshot's order: per local day of the
 * organisation, uptime with its impact weights, maintenance excluded, downtime minutes and incidents.
 */
export async function getUptimeBars(db: Database, slug: string, now: Date): Promise<ComponentBars[] | null> {
  return (await loadPublicStatus(db, slug, now, { baseUrl: publicBaseUrl() }))?.bars ?? null;
}

import type { Database } from '../../../db/client';
import { publicBaseUrl } from '../../../lib/public-url';
import { type ComponentStatus, worstStatus } from '../../../workflows/status/constants';
import {
  type Indicator,
  pageIndicator,
  type SnapshotComponent,
  type SnapshotIncident,
  type SnapshotMaintenance,
} from '../../../workflows/status/statuspage';
import type { ComponentBars } from '../../../workflows/status/uptime-bars';
import { cachedPublicStatus } from './cache';
import { loadPublicStatus, type PublicStatus } from './internal/public-status';

export interface StatusPageComponent extends SnapshotComponent {
  bars: ComponentBars;
}

export interface StatusPage {
  organisation: { slug: string; name: string; timeZone: string };
  /** The worst component status: the banner's colour and words. */
  overall: ComponentStatus;
  indicator: { indicator: Indicator; description: string };
  /** Unresolved incidents, newest first, each with its public updates (newest first). */
  activeIncidents: SnapshotIncident[];
  /** Resolved in the last 7 days, newest first (the page's "recent" list; older ones are in history). */
  recentIncidents: SnapshotIncident[];
  maintenances: { inProgress: SnapshotMaintenance[]; upcoming: SnapshotMaintenance[] };
  groups: { id: string | null; name: string | null; components: StatusPageComponent[] }[];
  /** Published security notices: their title, text and time, nothing else of the incident. */
  notices: PublicStatus['notices'];
  /** When the page last changed. */
  updatedAt: Date;
}

const RECENT_MS = 7 * 86_400_000;

export interface StatusPageOptions {
  /** Absolute links' origin (default: NEXTAUTH_URL). */
  baseUrl?: string;
  /** Serve from the in-process cache (the HTTP page does; tests read fresh). */
  cached?: boolean;
}

/**
 * The public status page of an organisation, or null when there is none (unknown slug or not public).
 * Anonymous: reads only public facts. A component's status comes from the published updates of its
 * outages (an outage nobody published anything about changes nothing) and from maintenance in progress;
 * security incidents never count, only the notices the SOC chose to make public.
 */
export async function getStatusPage(
  db: Database,
  slug: string,
  now: Date,
  options: StatusPageOptions = {},
): Promise<StatusPage | null> {
  const links = { baseUrl: options.baseUrl ?? publicBaseUrl() };
  const status = options.cached
    ? await cachedPublicStatus(db, slug, now, links)
    : await loadPublicStatus(db, slug, now, links);
  if (!status) return null;
  const { snapshot, bars } = status;
  const barsOf = new Map(bars.map((b) => [b.componentId, b]));
  const groups: StatusPage['groups'] = [];
  for (const component of snapshot.components) {
    let group = groups.at(-1);
    if (!group || group.id !== component.groupId) {
      const name = snapshot.groups.find((g) => g.id === component.groupId)?.name ?? null;
      group = { id: component.groupId, name, components: [] };
      groups.push(group);
    }
    group.components.push({ ...component, bars: barsOf.get(component.id)! });
  }
  const open = (i: SnapshotIncident) => i.status !== 'resolved' && i.status !== 'postmortem';
  return {
    organisation: status.organisation,
    overall: worstStatus(snapshot.components.map((c) => c.status)),
    indicator: pageIndicator(snapshot),
    activeIncidents: snapshot.incidents.filter(open),
    recentIncidents: snapshot.incidents.filter(
      (i) => !open(i) && i.resolvedAt !== null && now.getTime() - i.resolvedAt.getTime() < RECENT_MS,
    ),
    maintenances: {
      inProgress: snapshot.maintenances.filter((m) => m.status === 'in_progress'),
      upcoming: snapshot.maintenances
        .filter((m) => m.status === 'scheduled')
        .sort((a, b) => a.scheduledFor.getTime() - b.scheduledFor.getTime()),
    },
    groups,
    notices: status.notices,
    updatedAt: snapshot.page.updatedAt,
  };
}

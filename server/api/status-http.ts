import type { Database } from '../../db/client';
import { type AtomEntry, atomFeed } from '../../lib/feeds/atom';
import { rssFeed } from '../../lib/feeds/rss';
import { publicBaseUrl } from '../../lib/public-url';
import {
  type StatuspageDocument,
  statuspageDocuments,
  UPDATE_STAGE_LABEL,
} from '../../workflows/status/statuspage';
import { type CachedStatus, cachedPublicStatus, strongEtag } from '../services/status/cache';

// The machine-readable side of a public status page: Statuspage-compatible JSON (/api/v2/*.json) and the
// Atom / RSS feeds. Anonymous content only, so shared caches may keep it for 30 s (our own in-process
// cache revalidates well within that); a strong ETag lets pollers ask "changed?" for a 304.

export const PUBLIC_CACHE_CONTROL = 'public, max-age=30';
const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;
/** At most this many entries in a feed (newest first). */
const FEED_ENTRIES = 100;

export interface StatusHttpDeps {
  db: Database;
  now: Date;
}

const notFound = () =>
  new Response(JSON.stringify({ error: 'Not found' }), {
    status: 404,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
  });

/** RFC 9110 §13.1.2: If-None-Match compares weakly; `*` matches any current representation. */
export function matchesIfNoneMatch(header: string | null, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

function answer(req: Request, body: string, etag: string, contentType: string): Response {
  const headers = {
    'Cache-Control': PUBLIC_CACHE_CONTROL,
    ETag: etag,
    // Public data: widgets on other sites may read it, as they do Statuspage's.
    'Access-Control-Allow-Origin': '*',
  };
  if (matchesIfNoneMatch(req.headers.get('if-none-match'), etag))
    return new Response(null, { status: 304, headers });
  return new Response(req.method === 'HEAD' ? null : body, {
    status: 200,
    headers: { ...headers, 'Content-Type': contentType },
  });
}

async function publicStatus(req: Request, slug: string, deps: StatusHttpDeps): Promise<CachedStatus | null> {
  if (!SLUG.test(slug)) return null;
  return cachedPublicStatus(deps.db, slug, deps.now, { baseUrl: publicBaseUrl(req.url) });
}

const isDocument = (name: string): name is StatuspageDocument => Object.hasOwn(statuspageDocuments, name);

/** GET /status/<slug>/api/v2/<document>: one Statuspage document, e.g. `summary.json`. */
export async function handleStatusDocument(
  req: Request,
  slug: string,
  document: string,
  deps: StatusHttpDeps,
): Promise<Response> {
  if (!isDocument(document)) return notFound();
  const status = await publicStatus(req, slug, deps);
  if (!status) return notFound();
  const { body, etag } = status.document(document);
  return answer(req, body, etag, 'application/json');
}

export type FeedFormat = 'atom' | 'rss';

const STAGE: Record<string, string> = UPDATE_STAGE_LABEL;

/** One entry per incident update and maintenance update, newest first. */
function feedEntries(status: CachedStatus): AtomEntry[] {
  const events = [...status.snapshot.incidents, ...status.snapshot.maintenances];
  return events
    .flatMap((event) =>
      event.updates.map((update) => ({
        id: `urn:uuid:${update.id}`,
        title: `${event.name}: ${STAGE[update.status] ?? update.status}`,
        updated: update.createdAt,
        published: update.createdAt,
        link: event.shortlink,
        content: update.body,
        categories: [update.status],
      })),
    )
    .sort((a, b) => b.updated.getTime() - a.updated.getTime() || (a.id < b.id ? -1 : 1))
    .slice(0, FEED_ENTRIES);
}

/** GET /status/<slug>/history.atom and history.rss: the page's incident and maintenance updates. */
export async function handleStatusFeed(
  req: Request,
  slug: string,
  format: FeedFormat,
  deps: StatusHttpDeps,
): Promise<Response> {
  const status = await publicStatus(req, slug, deps);
  if (!status) return notFound();
  const { page } = status.snapshot;
  const entries = feedEntries(status);
  const updated = entries[0]?.updated ?? page.updatedAt;
  const self = `${page.url}/history.${format}`;
  const title = `${page.name} status`;
  const body =
    format === 'atom'
      ? atomFeed({
          id: `urn:uuid:${page.id}`,
          title,
          subtitle: `Incidents and maintenance of ${page.name}`,
          self,
          alternate: page.url,
          author: page.name,
          updated,
          entries,
        })
      : rssFeed({
          title,
          link: page.url,
          description: `Incidents and maintenance of ${page.name}`,
          self,
          lastBuildDate: updated,
          items: entries.map((e) => ({
            guid: e.id,
            title: e.title,
            link: e.link,
            description: e.content,
            pubDate: e.updated,
            categories: e.categories,
          })),
        });
  const contentType =
    format === 'atom' ? 'application/atom+xml; charset=utf-8' : 'application/rss+xml; charset=utf-8';
  return answer(req, body, strongEtag(body), contentType);
}

import { getDatabase } from '@/db/client';
import { handleStatusFeed } from '@/server/api/status-http';
import { instrumentedRoute } from '@/server/observability/http';

export const dynamic = 'force-dynamic';

/** /status/<slug>/history.rss: the page's incident and maintenance updates, newest first. */
export const GET = instrumentedRoute(
  '/status/{slug}/history.rss',
  async (req: Request, { params }: { params: Promise<{ slug: string }> }) =>
    handleStatusFeed(req, (await params).slug, 'rss', { db: (await getDatabase()).db, now: new Date() }),
);

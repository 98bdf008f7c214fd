import { getDatabase } from '@/db/client';
import { handleStatusFeed } from '@/server/api/status-http';

export const dynamic = 'force-dynamic';

/** /status/<slug>/history.rss: the page's incident and maintenance updates, newest first. */
export async function GET(req: Request, { params }: { params: Promise<{ slug: string }> }) {
  return handleStatusFeed(req, (await params).slug, 'rss', { db: (await getDatabase()).db, now: new Date() });
}

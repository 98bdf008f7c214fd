import { getDatabase } from '@/db/client';
import { handleStatusDocument } from '@/server/api/status-http';
import { instrumentedRoute } from '@/server/observability/http';

export const dynamic = 'force-dynamic';

/** /status/<slug>/api/v2/summary.json, incidents/unresolved.json …: Statuspage-compatible documents. */
export const GET = instrumentedRoute(
  '/status/{slug}/api/v2/{document}',
  async (req: Request, { params }: { params: Promise<{ slug: string; document: string[] }> }) => {
    const { slug, document } = await params;
    return handleStatusDocument(req, slug, document.join('/'), {
      db: (await getDatabase()).db,
      now: new Date(),
    });
  },
);

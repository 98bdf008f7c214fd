import { getDatabase } from '@/db/client';
import { handleStatusDocument } from '@/server/api/status-http';

export const dynamic = 'force-dynamic';

/** /status/<slug>/api/v2/summary.json, incidents/unresolved.json …: Statuspage-compatible documents. */
export async function GET(
  req: Request,
  { params }: { params: Promise<{ slug: string; document: string[] }> },
) {
  const { slug, document } = await params;
  return handleStatusDocument(req, slug, document.join('/'), {
    db: (await getDatabase()).db,
    now: new Date(),
  });
}

import { getDatabase } from '@/db/client';
import { defaultLimiter, handleEnqueue } from '@/server/api/integrations-http';

export const dynamic = 'force-dynamic';

/** Events API v2 alert events (server/api/integrations-http.ts). */
export async function POST(req: Request) {
  return handleEnqueue(req, {
    db: (await getDatabase()).db,
    now: () => new Date(),
    limiter: defaultLimiter(),
  });
}

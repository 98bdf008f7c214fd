import { getDatabase } from '@/db/client';
import { defaultLimiter, handleChangeEnqueue } from '@/server/api/integrations-http';

export const dynamic = 'force-dynamic';

/** Events API v2 change events (server/api/integrations-http.ts). */
export async function POST(req: Request) {
  return handleChangeEnqueue(req, {
    db: (await getDatabase()).db,
    now: () => new Date(),
    limiter: defaultLimiter(),
  });
}

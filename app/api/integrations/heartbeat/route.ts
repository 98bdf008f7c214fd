import { getDatabase } from '@/db/client';
import { defaultLimiter, handleHeartbeat } from '@/server/api/integrations-http';

export const dynamic = 'force-dynamic';

/** A heartbeat monitor's ping (server/api/integrations-http.ts). */
export async function POST(req: Request) {
  return handleHeartbeat(req, {
    db: (await getDatabase()).db,
    now: () => new Date(),
    limiter: defaultLimiter(),
  });
}

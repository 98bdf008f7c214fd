import { getDatabase } from '@/db/client';
import { defaultLimiter, handleAlertmanager } from '@/server/api/integrations-http';

export const dynamic = 'force-dynamic';

/** Alertmanager's webhook receiver (server/api/integrations-http.ts). */
export async function POST(req: Request) {
  return handleAlertmanager(req, {
    db: (await getDatabase()).db,
    now: () => new Date(),
    limiter: defaultLimiter(),
  });
}

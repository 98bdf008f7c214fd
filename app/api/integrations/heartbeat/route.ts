import { getDatabase } from '@/db/client';
import { defaultLimiter, handleHeartbeat } from '@/server/api/integrations-http';
import { instrumentedRoute } from '@/server/observability/http';

export const dynamic = 'force-dynamic';

/** A heartbeat monitor's ping (server/api/integrations-http.ts). */
export const POST = instrumentedRoute('/api/integrations/heartbeat', async (req: Request) =>
  handleHeartbeat(req, {
    db: (await getDatabase()).db,
    now: () => new Date(),
    limiter: defaultLimiter(),
  }),
);

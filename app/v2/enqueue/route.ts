import { getDatabase } from '@/db/client';
import { defaultLimiter, handleEnqueue } from '@/server/api/integrations-http';
import { instrumentedRoute } from '@/server/observability/http';

export const dynamic = 'force-dynamic';

/** Events API v2 alert events (server/api/integrations-http.ts). */
export const POST = instrumentedRoute('/v2/enqueue', async (req: Request) =>
  handleEnqueue(req, {
    db: (await getDatabase()).db,
    now: () => new Date(),
    limiter: defaultLimiter(),
  }),
);

import { getDatabase } from '@/db/client';
import { defaultLimiter, handleChangeEnqueue } from '@/server/api/integrations-http';
import { instrumentedRoute } from '@/server/observability/http';

export const dynamic = 'force-dynamic';

/** Events API v2 change events (server/api/integrations-http.ts). */
export const POST = instrumentedRoute('/v2/change/enqueue', async (req: Request) =>
  handleChangeEnqueue(req, {
    db: (await getDatabase()).db,
    now: () => new Date(),
    limiter: defaultLimiter(),
  }),
);

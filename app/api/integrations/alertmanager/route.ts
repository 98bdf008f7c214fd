import { getDatabase } from '@/db/client';
import { defaultLimiter, handleAlertmanager } from '@/server/api/integrations-http';
import { instrumentedRoute } from '@/server/observability/http';

export const dynamic = 'force-dynamic';

/** Alertmanager's webhook receiver (server/api/integrations-http.ts). */
export const POST = instrumentedRoute('/api/integrations/alertmanager', async (req: Request) =>
  handleAlertmanager(req, {
    db: (await getDatabase()).db,
    now: () => new Date(),
    limiter: defaultLimiter(),
  }),
);

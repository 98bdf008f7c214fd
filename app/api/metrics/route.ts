import { getServerSession } from 'next-auth';
import { getDatabase } from '@/db/client';
import { checkedSession } from '@/server/api/context';
import { authOptions } from '@/server/auth/options';
import { instrumentedRoute } from '@/server/observability/http';
import { handleMetricsRequest } from '@/server/observability/metrics-http';

export const dynamic = 'force-dynamic';

/** /api/metrics: Prometheus text format (server/observability/metrics-http.ts says who may read it). */
export const GET = instrumentedRoute('/api/metrics', async (req: Request) =>
  handleMetricsRequest(req, {
    db: (await getDatabase()).db,
    session: async () => checkedSession(await getServerSession(authOptions())),
    token: process.env.WATCHFLOOR_METRICS_TOKEN,
  }),
);

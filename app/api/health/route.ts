import { retryAfterHeaders } from '@/server/api/errors';
import { instrumentedRoute } from '@/server/observability/http';
import { checkHealth } from '@/server/services/health/check';

export const dynamic = 'force-dynamic';

export const GET = instrumentedRoute('/api/health', async () => {
  const health = await checkHealth();
  return Response.json(health, {
    status: health.status === 'ok' ? 200 : 503,
    // Unhealthy means the database is unreachable: a probe or client may try again after a while.
    headers: { 'Cache-Control': 'no-store', ...(health.status === 'ok' ? {} : retryAfterHeaders()) },
  });
});

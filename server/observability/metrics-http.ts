import { createHash, timingSafeEqual } from 'node:crypto';
import type { Session } from 'next-auth';
import type { Database } from '../../db/client';
import { refreshDatabaseGauges } from '../services/observability/database-gauges';
import { log } from './log';
import { metrics } from './metrics';

// GET /api/metrics: Prometheus text format, for operators. Who may scrape:
// - a scraper with `Authorization: Bearer <WATCHFLOOR_METRICS_TOKEN>` (compared in constant time), when
//   that variable is set;
// - a signed-in admin (their browser session), always.
// Not "any loopback client": route handlers get no socket address, only X-Forwarded-For, which a client
// can send itself (server/auth/client-address.ts), so an address check would be a check of honesty.

export interface MetricsDeps {
  db: Database;
  session: () => Promise<Session | null>;
  token: string | undefined;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Constant time in the secret's content and length: both sides are hashed to 32 bytes first. */
export function tokenMatches(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

function bearerOf(req: Request): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.get('authorization') ?? '');
  return match ? match[1]! : null;
}

const refuse = (status: 401 | 403, message: string) =>
  new Response(`${message}\n`, {
    status,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
      ...(status === 401 ? { 'WWW-Authenticate': 'Bearer realm="watchfloor-metrics"' } : {}),
    },
  });

type Verdict = 'allowed' | 'unauthenticated' | 'forbidden';

async function access(req: Request, deps: MetricsDeps): Promise<Verdict> {
  const expected = deps.token?.trim();
  const presented = bearerOf(req);
  if (presented !== null)
    return expected && tokenMatches(presented, expected) ? 'allowed' : 'unauthenticated';
  const session = await deps.session();
  if (!session?.user) return 'unauthenticated';
  return session.user.role === 'admin' ? 'allowed' : 'forbidden';
}

export async function handleMetricsRequest(req: Request, deps: MetricsDeps): Promise<Response> {
  const verdict = await access(req, deps);
  if (verdict === 'unauthenticated')
    return refuse(401, 'Metrics need Authorization: Bearer <WATCHFLOOR_METRICS_TOKEN> or an admin session.');
  if (verdict === 'forbidden') return refuse(403, 'Metrics are for admins.');
  try {
    await refreshDatabaseGauges(deps.db);
  } catch (error) {
    // The process metrics still help when the database does not answer; the gauges keep their last values.
    log.warn('metrics: database gauges unavailable', { component: 'metrics', error });
  }
  const { registry } = metrics();
  return new Response(await registry.metrics(), {
    status: 200,
    headers: { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' },
  });
}

import { getDatabase } from '@/db/client';
import { instrumentedRoute } from '@/server/observability/http';
import { systemClock } from '@/server/services/kernel/context';
import { ServiceError } from '@/server/services/kernel/errors';
import { unsubscribe } from '@/server/services/subscriptions/unsubscribe';

export const dynamic = 'force-dynamic';

const HEADERS = { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' };

/**
 * RFC 8058 one-click unsubscribe: the URL of every subscriber mail's List-Unsubscribe header. Mail
 * clients POST `List-Unsubscribe=One-Click` to it; the token (in the URL, or in the form body) is the
 * whole authority, no cookie is read, so there is nothing for a forged request to borrow.
 */
export const POST = instrumentedRoute(
  '/status/subscriptions/unsubscribe/one-click',
  async (request: Request) => {
    let token = new URL(request.url).searchParams.get('token');
    if (!token) {
      const form = await request.formData().catch(() => null);
      const field = form?.get('token');
      token = typeof field === 'string' ? field : null;
    }
    try {
      const { page } = await unsubscribe(
        { db: (await getDatabase()).db, now: systemClock },
        { token: token ?? '' },
      );
      return new Response(`Unsubscribed from ${page.name} status updates.\n`, {
        status: 200,
        headers: HEADERS,
      });
    } catch (error) {
      if (error instanceof ServiceError)
        return new Response(
          error.code === 'NOT_FOUND' ? 'This unsubscribe link is not valid.\n' : `${error.message}\n`,
          { status: error.code === 'NOT_FOUND' ? 404 : 400, headers: HEADERS },
        );
      throw error;
    }
  },
);

/** Opened in a browser: the page with its button (a GET never unsubscribes; scanners follow links). */
export const GET = instrumentedRoute('/status/subscriptions/unsubscribe/one-click', (request: Request) => {
  const token = new URL(request.url).searchParams.get('token') ?? '';
  // A relative Location: behind a proxy the request's own host may not be the public one.
  return new Response(null, {
    status: 303,
    headers: {
      Location: `/status/subscriptions/unsubscribe?token=${encodeURIComponent(token)}`,
      'Cache-Control': 'no-store',
    },
  });
});

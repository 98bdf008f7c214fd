import { httpBatchLink } from '@trpc/client';
import superjson from 'superjson';
import { MAX_BATCH_SIZE } from './limits';

/**
 * The browser's link to /api/trpc: batched, and split at the server's cap (the server answers a larger
 * batch with 400). `fetch` is for tests, which send the requests straight to the route handler.
 */
export function apiLink(options: { url?: string; fetch?: typeof fetch } = {}) {
  return httpBatchLink({
    url: options.url ?? '/api/trpc',
    fetch: options.fetch,
    transformer: superjson,
    maxItems: MAX_BATCH_SIZE,
  });
}

import { httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import superjson from 'superjson';
import { MAX_BATCH_SIZE } from './limits';

/**
 * The browser's link to /api/trpc. Queries and mutations: batched, and split at the server's cap (the server
 * answers a larger batch with 400). Subscriptions (the live views): server-sent events through the browser's
 * EventSource, which reconnects by itself and sends the last event id it saw, so the stream resumes.
 * `fetch` is for tests, which send the requests straight to the route handler.
 */
export function apiLink(options: { url?: string; fetch?: typeof fetch } = {}) {
  const url = options.url ?? '/api/trpc';
  return splitLink({
    condition: (op) => op.type === 'subscription',
    true: httpSubscriptionLink({ url, transformer: superjson }),
    false: httpBatchLink({ url, fetch: options.fetch, transformer: superjson, maxItems: MAX_BATCH_SIZE }),
  });
}

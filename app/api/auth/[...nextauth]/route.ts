import NextAuth from 'next-auth';
import { authOptions } from '@/server/auth/options';
import { withRetryAfter } from '@/server/auth/retry-response';

export const dynamic = 'force-dynamic';

type RouteContext = { params: Promise<{ nextauth: string[] }> };

// Options are built per request (lazily, once): reading the secret must not happen during `next build`.
async function handler(req: Request, context: RouteContext) {
  const response: Response = await NextAuth(req as never, context as never, authOptions());
  // A throttled credentials sign-in comes back as next-auth's 401; it is a 429 with Retry-After.
  return req.method === 'POST' ? withRetryAfter(response) : response;
}

export { handler as GET, handler as POST };

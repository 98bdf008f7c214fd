import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { getServerSession } from 'next-auth';
import { getDatabase } from '@/db/client';
import { appRouter } from '@/server/api/root';
import { authOptions } from '@/server/auth/options';
import { systemClock } from '@/server/services/context';

export const dynamic = 'force-dynamic';

async function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: async () => ({
      db: (await getDatabase()).db,
      session: await getServerSession(authOptions()),
      now: systemClock,
    }),
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR')
        console.error(`[trpc] ${path ?? '?'}:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };

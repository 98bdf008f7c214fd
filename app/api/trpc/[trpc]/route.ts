import { getServerSession } from 'next-auth';
import { getDatabase } from '@/db/client';
import { handleTrpcRequest } from '@/server/api/http';
import { authOptions } from '@/server/auth/options';
import { systemClock } from '@/server/services/kernel/context';

export const dynamic = 'force-dynamic';

async function handler(req: Request) {
  return handleTrpcRequest(req, async () => ({
    db: (await getDatabase()).db,
    session: await getServerSession(authOptions()),
    now: systemClock,
  }));
}

export { handler as GET, handler as POST };

import { createTrpcContext } from '@/server/api/context';
import { handleTrpcRequest } from '@/server/api/http';

export const dynamic = 'force-dynamic';

async function handler(req: Request) {
  return handleTrpcRequest(req, () => createTrpcContext());
}

export { handler as GET, handler as POST };

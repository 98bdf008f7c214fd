import { createTrpcContext } from '@/server/api/context';
import { handleReportCsv } from '@/server/api/report-csv';
import { instrumentedRoute } from '@/server/observability/http';

export const dynamic = 'force-dynamic';

/** /api/reports/<report>.csv: the table behind one chart of /reports (server/api/report-csv.ts). */
export const GET = instrumentedRoute(
  '/api/reports/{file}',
  async (req: Request, { params }: { params: Promise<{ file: string }> }) =>
    handleReportCsv(req, (await params).file, () => createTrpcContext()),
);

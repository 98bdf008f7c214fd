import { createTrpcContext } from '@/server/api/context';
import { handleSlaReportCsv } from '@/server/api/sla-report-csv';
import { instrumentedRoute } from '@/server/observability/http';

export const dynamic = 'force-dynamic';

/** /api/sla-reports/<YYYY-MM>.csv: a month's SLA report (server/api/sla-report-csv.ts). */
export const GET = instrumentedRoute(
  '/api/sla-reports/{file}',
  async (req: Request, { params }: { params: Promise<{ file: string }> }) =>
    handleSlaReportCsv(req, (await params).file, () => createTrpcContext()),
);

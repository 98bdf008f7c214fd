import { createTrpcContext } from '@/server/api/context';
import { handleSlaReportCsv } from '@/server/api/sla-report-csv';

export const dynamic = 'force-dynamic';

/** /api/sla-reports/<YYYY-MM>.csv: a month's SLA report (server/api/sla-report-csv.ts). */
export async function GET(req: Request, { params }: { params: Promise<{ file: string }> }) {
  return handleSlaReportCsv(req, (await params).file, () => createTrpcContext());
}

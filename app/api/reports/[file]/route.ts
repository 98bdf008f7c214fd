import { createTrpcContext } from '@/server/api/context';
import { handleReportCsv } from '@/server/api/report-csv';

export const dynamic = 'force-dynamic';

/** /api/reports/<report>.csv: the table behind one chart of /reports (server/api/report-csv.ts). */
export async function GET(req: Request, { params }: { params: Promise<{ file: string }> }) {
  return handleReportCsv(req, (await params).file, () => createTrpcContext());
}

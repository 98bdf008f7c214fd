import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { toCsv } from '../../lib/csv';
import { SLA_MONTH_COLUMNS, slaMonthFileName, slaMonthRows } from '../../lib/reports/sla-month';
import { genericMessage, logFailure, newRequestId, retryAfterHeaders } from './errors';
import { createCaller } from './root';
import type { TrpcContext } from './trpc';

const text = (status: number, body: string, extra: Record<string, string> = {}) =>
  new Response(`${body}\n`, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra },
  });

/**
 * GET /api/sla-reports/<YYYY-MM>.csv[?organisationId=…]: a month's SLA report (the portal's and the
 * console's table) as an RFC 4180 file, through slaReports.month as the signed-in user of the request, so
 * the same rules hold: a customer gets their own organisation's whatever the query names (another's is a
 * 404, as if it did not exist), staff the organisation they name. Errors answer plain text with the
 * procedure's status.
 */
export async function handleSlaReportCsv(
  req: Request,
  fileName: string,
  createContext: () => Promise<TrpcContext>,
): Promise<Response> {
  const match = /^(\d{4}-\d{2})\.csv$/.exec(fileName);
  if (!match) return text(404, 'No such report: ask for <YYYY-MM>.csv');
  try {
    const api = createCaller(await createContext());
    const organisationId = new URL(req.url).searchParams.get('organisationId') || undefined;
    const report = await api.slaReports.month({ month: match[1], organisationId });
    return new Response(toCsv([SLA_MONTH_COLUMNS, ...slaMonthRows(report)]), {
      status: 200,
      headers: {
        'Content-Type': 'text/csv; charset=utf-8; header=present',
        'Content-Disposition': `attachment; filename="${slaMonthFileName(report)}"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  } catch (error) {
    if (error instanceof TRPCError && error.code !== 'INTERNAL_SERVER_ERROR') {
      const retry = error.code === 'SERVICE_UNAVAILABLE' ? retryAfterHeaders() : {};
      return text(getHTTPStatusCodeFromError(error), error.message, retry);
    }
    const requestId = newRequestId();
    const wrapped =
      error instanceof TRPCError ? error : new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: error });
    logFailure(requestId, 'sla report csv', wrapped);
    return text(500, genericMessage(requestId), { 'X-Request-Id': requestId });
  }
}

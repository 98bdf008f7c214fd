import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { z } from 'zod';
import { toCsv } from '../../lib/csv';
import { filterFromQuery } from '../../lib/reports/query';
import {
  breachesTable,
  csvFileName,
  handoffsTable,
  mttaMttrTable,
  type ReportTable,
  slaMetTable,
} from '../../lib/reports/tables';
import { REPORT_FILES, type ReportFile } from '../../workflows/reports/constants';
import { ServiceError } from '../services/kernel/errors';
import { fieldErrorsOf } from '../services/kernel/parse';
import type { ReportFilterInput } from '../services/reports/schemas';
import { genericMessage, logFailure, newRequestId, retryAfterHeaders } from './errors';
import { createCaller } from './root';
import type { TrpcContext } from './trpc';

type Caller = ReturnType<typeof createCaller>;

/** Each file: the procedure that feeds it and the table it becomes (the page's data table). */
const TABLES: Record<ReportFile, (api: Caller, filter: ReportFilterInput) => Promise<ReportTable>> = {
  'mtta-mttr': async (api, filter) => mttaMttrTable(await api.reports.mttaMttr(filter)),
  'sla-met-by-priority': async (api, filter) => slaMetTable(await api.reports.slaMet(filter), 'priority'),
  'sla-met-by-team': async (api, filter) => slaMetTable(await api.reports.slaMet(filter), 'team'),
  'sla-met-by-customer': async (api, filter) => slaMetTable(await api.reports.slaMet(filter), 'customer'),
  breaches: async (api, filter) => breachesTable(await api.reports.breaches(filter)),
  handoffs: async (api, filter) => handoffsTable(await api.reports.handoffs(filter)),
};

/** Field errors of a refused filter, one line each ('to: The last day cannot be before the first'). */
function fieldMessages(error: TRPCError): string[] {
  const cause = error.cause;
  const fields =
    cause instanceof z.ZodError
      ? fieldErrorsOf(cause.issues)
      : cause instanceof ServiceError
        ? (cause.fieldErrors ?? {})
        : {};
  return Object.entries(fields).map(([key, messages]) => `${key}: ${messages.join('; ')}`);
}

const text = (status: number, body: string, extra: Record<string, string> = {}) =>
  new Response(`${body}\n`, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra },
  });

/**
 * GET /api/reports/<file>.csv?<the page's filter>: the table behind one chart as an RFC 4180 file, fed by
 * the same tRPC procedure the page calls (so the same authorisation and need-to-know), as the signed-in
 * user of the request. Errors answer plain text with the procedure's status (401, 403, 400, 404).
 */
export async function handleReportCsv(
  req: Request,
  fileName: string,
  createContext: () => Promise<TrpcContext>,
): Promise<Response> {
  const file = REPORT_FILES.find((name) => `${name}.csv` === fileName);
  if (!file) return text(404, `No such report. Reports: ${REPORT_FILES.map((f) => `${f}.csv`).join(', ')}`);
  try {
    const api = createCaller(await createContext());
    const filter = filterFromQuery(new URL(req.url).searchParams) as ReportFilterInput;
    const table = await TABLES[file](api, filter);
    return new Response(toCsv([table.columns, ...table.rows]), {
      status: 200,
      headers: {
        'Content-Type': 'text/csv; charset=utf-8; header=present',
        'Content-Disposition': `attachment; filename="${csvFileName(file, table.window)}"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  } catch (error) {
    if (error instanceof TRPCError && error.code !== 'INTERNAL_SERVER_ERROR') {
      const retry = error.code === 'SERVICE_UNAVAILABLE' ? retryAfterHeaders() : {};
      return text(
        getHTTPStatusCodeFromError(error),
        [error.message, ...fieldMessages(error)].join('\n'),
        retry,
      );
    }
    const requestId = newRequestId();
    const wrapped =
      error instanceof TRPCError ? error : new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: error });
    logFailure(requestId, `reports csv ${file}`, wrapped);
    return text(500, genericMessage(requestId), { 'X-Request-Id': requestId });
  }
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { firstParam, reportOrDefault } from '@/app/_components/sla-report/load-report';
import { PrintButton } from '@/app/_components/sla-report/print-button';
import { ReportPicker } from '@/app/_components/sla-report/report-picker';
import { SlaMonthReportView, slaCsvHref } from '@/app/_components/sla-report/sla-month-report';
import { orNotFound, serverCaller } from '@/server/api/server-caller';

export const metadata: Metadata = { title: 'Customer SLA reports' };
export const dynamic = 'force-dynamic';

/**
 * Staff's view of a customer's monthly SLA report (?organisationId=…&month=YYYY-MM): the same table, CSV
 * and frozen figures the customer sees in the portal. The console layout admits staff only.
 */
export default async function ConsoleSlaReportsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const api = await serverCaller();
  const organisations = (await api.directory.organisations()).filter((o) => o.kind === 'customer');
  const requested = firstParam(params.organisationId);
  const organisation = organisations.find((o) => o.id === requested) ?? organisations[0];
  if (!organisation) {
    return (
      <div>
        <h1 className="mb-4 text-xl font-semibold">Customer SLA reports</h1>
        <p className="text-muted">No customers yet.</p>
      </div>
    );
  }
  const { report, notice } = await orNotFound(
    reportOrDefault(
      (month) => api.slaReports.month({ organisationId: organisation.id, month }),
      firstParam(params.month),
    ),
  );
  return (
    <div>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3 print:hidden">
        <h1 className="text-xl font-semibold">Customer SLA reports</h1>
        <div className="flex items-center gap-4 text-sm">
          <Link className="text-sky-700 hover:underline dark:text-sky-400" href="/reports">
            Floor reports
          </Link>
          <PrintButton />
        </div>
      </div>
      <ReportPicker
        action="/reports/sla"
        months={report.months}
        month={report.month}
        organisations={organisations}
        organisationId={organisation.id}
      />
      {notice && (
        <p role="status" className="mb-4 text-sm text-amber-800 dark:text-amber-300 print:hidden">
          {notice}
        </p>
      )}
      <SlaMonthReportView report={report} csvHref={slaCsvHref(report, true)} />
    </div>
  );
}

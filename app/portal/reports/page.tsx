import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { firstParam, reportOrDefault } from '@/app/_components/sla-report/load-report';
import { PrintButton } from '@/app/_components/sla-report/print-button';
import { ReportPicker } from '@/app/_components/sla-report/report-picker';
import { SlaMonthReportView, slaCsvHref } from '@/app/_components/sla-report/sla-month-report';
import { requireSession, serverCaller } from '@/server/api/server-caller';

export const metadata: Metadata = { title: 'SLA report' };
export const dynamic = 'force-dynamic';

/**
 * A customer's monthly SLA report (?month=YYYY-MM; default the last closed month): their own organisation
 * only, whatever the URL says (the service confines it). Prints as a one-page report: the browser's
 * Print → PDF keeps the heading (organisation, month, generation time) and the table, nothing else.
 */
export default async function PortalReportsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { user } = await requireSession();
  if (user.role !== 'customer') redirect('/reports/sla');
  const month = firstParam((await searchParams).month);
  const api = await serverCaller();
  const { report, notice } = await reportOrDefault((m) => api.slaReports.month({ month: m }), month);
  return (
    // Inside the portal layout's <main> (its header and navigation are left out of print).
    <div className="print:max-w-none print:p-0 print:text-black">
      <div className="mb-6 flex flex-wrap items-center justify-between gap-3 print:hidden">
        <h1 className="text-xl font-semibold">SLA reports</h1>
        <PrintButton />
      </div>
      <ReportPicker action="/portal/reports" months={report.months} month={report.month} />
      {notice && (
        <p role="status" className="mb-4 text-sm text-amber-800 dark:text-amber-300 print:hidden">
          {notice}
        </p>
      )}
      <SlaMonthReportView report={report} csvHref={slaCsvHref(report, false)} />
    </div>
  );
}

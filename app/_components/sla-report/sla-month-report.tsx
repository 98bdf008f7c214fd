import { Check, Download, X } from 'lucide-react';
import { minutesCell, monthLabel, percentCell, type SlaMonthReport } from '@/lib/reports/sla-month';
import type { SlaTally } from '@/server/services/status/monthly-report';

// The monthly SLA report as the portal and the console show it, and as it prints: a server component, no
// client code. The page gives the picker; this renders the heading (organisation, month, when generated)
// and the table, whose cells are the CSV's (lib/reports/sla-month.ts).

const GENERATED: Intl.DateTimeFormatOptions = {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
};

const number = (value: number) => value.toLocaleString('en');
const percent = (tally: SlaTally) => {
  const cell = percentCell(tally);
  return cell === null ? '—' : `${number(cell)} %`;
};

function Met({ met }: { met: boolean }) {
  // Never colour alone: an icon and a word.
  return met ? (
    <span className="inline-flex items-center gap-1 text-emerald-700 dark:text-emerald-400 print:text-black">
      <Check aria-hidden className="size-4" strokeWidth={3} />
      Met
    </span>
  ) : (
    <span className="inline-flex items-center gap-1 font-medium text-red-700 dark:text-red-400 print:text-black">
      <X aria-hidden className="size-4" strokeWidth={3} />
      Missed
    </span>
  );
}

export function ProvisionalBadge() {
  return (
    <span className="rounded-full border border-amber-500 bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-950 dark:text-amber-200 print:bg-white print:text-black">
      Provisional
    </span>
  );
}

/** Where the month's CSV is downloaded (staff name the organisation; a customer's is always their own). */
export function slaCsvHref(report: SlaMonthReport, withOrganisation: boolean): string {
  const query = withOrganisation ? `?organisationId=${encodeURIComponent(report.organisation.id)}` : '';
  return `/api/sla-reports/${report.month}.csv${query}`;
}

const cell = 'px-2 py-1.5 align-top';
const numeric = `${cell} text-right tabular-nums`;

export function SlaMonthReportView({ report, csvHref }: { report: SlaMonthReport; csvHref: string }) {
  const zone = report.organisation.timeZone;
  const generated = report.generatedAt.toLocaleString('en-GB', { ...GENERATED, timeZone: zone });
  const frozen = report.frozenAt?.toLocaleString('en-GB', { ...GENERATED, timeZone: zone });
  const title = `${report.organisation.name}: SLA report, ${monthLabel(report.month)}`;
  return (
    <section aria-labelledby="sla-report-title" className="print:text-black">
      <header className="mb-3">
        <h2 id="sla-report-title" className="flex flex-wrap items-center gap-2 text-lg font-semibold">
          {title}
          {report.provisional && <ProvisionalBadge />}
        </h2>
        <p className="text-sm text-muted print:text-black">
          Times in {zone}. Generated {generated}
          {frozen ? ` from the figures frozen on ${frozen}.` : '.'}
          {report.provisional && ' The month is not over: these figures will change until it ends.'}
        </p>
      </header>
      <div className="overflow-x-auto print:overflow-visible">
        <table className="w-full border-collapse text-left text-sm print:text-xs">
          <caption className="sr-only">{title}</caption>
          <thead className="text-muted print:text-black">
            <tr className="border-b border-zinc-300 dark:border-zinc-700 print:border-black">
              <th scope="col" className={cell}>
                Service
              </th>
              <th scope="col" className={`${numeric}`}>
                Uptime
              </th>
              <th scope="col" className={numeric}>
                Downtime (min)
              </th>
              <th scope="col" className={numeric}>
                Commitment
              </th>
              <th scope="col" className={cell}>
                SLA
              </th>
              <th scope="col" className={numeric}>
                Credit
              </th>
              <th scope="col" className={numeric}>
                Incidents
              </th>
              <th scope="col" className={numeric}>
                Response met
              </th>
              <th scope="col" className={numeric}>
                Resolution met
              </th>
            </tr>
          </thead>
          <tbody>
            {report.services.map((s) => (
              <tr
                key={s.serviceId}
                className="border-b border-zinc-200 dark:border-zinc-800 print:border-zinc-400"
              >
                <th scope="row" className={`${cell} font-medium`}>
                  {s.name}
                  {s.retired && <span className="ml-1 text-xs font-normal text-muted">(retired)</span>}
                </th>
                <td className={numeric}>{s.uptimePercent === null ? '—' : `${s.uptimePercent} %`}</td>
                <td className={numeric} title={minutesTitle(s)}>
                  {number(minutesCell(s.downtimeMinutes))}
                </td>
                <td className={numeric}>{number(s.commitment)} %</td>
                <td className={cell}>
                  <Met met={s.met} />
                </td>
                <td className={numeric}>{s.creditPercent ? `${number(s.creditPercent)} %` : '—'}</td>
                <td className={numeric}>{s.incidents}</td>
                <td className={numeric}>{percent(s.response)}</td>
                <td className={numeric}>{percent(s.resolution)}</td>
              </tr>
            ))}
            {report.services.length === 0 && (
              <tr>
                <td colSpan={9} className={`${cell} text-muted`}>
                  No services in this month.
                </td>
              </tr>
            )}
          </tbody>
          <tfoot>
            <tr className="border-t-2 border-zinc-300 font-medium dark:border-zinc-700 print:border-black">
              <th scope="row" className={cell}>
                All services
              </th>
              <td className={numeric}>
                {report.total.uptimePercent === null ? '—' : `${report.total.uptimePercent} %`}
              </td>
              <td className={numeric}>{number(minutesCell(report.total.downtimeMinutes))}</td>
              <td className={cell} colSpan={3} />
              <td className={numeric}>{report.total.incidents}</td>
              <td className={numeric}>{percent(report.total.response)}</td>
              <td className={numeric}>{percent(report.total.resolution)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      <p className="mt-3 text-xs text-muted print:text-black">
        Uptime leaves out scheduled maintenance; downtime is weighted by impact (major outage{' '}
        {weightText(report, 'major_outage')}, partial {weightText(report, 'partial_outage')}, degraded{' '}
        {weightText(report, 'degraded_performance')}) and is never rounded up to 100 %. Response and
        resolution count the outages naming the service whose SLA clocks stopped in the month.
      </p>
      <p className="mt-3 print:hidden">
        <a
          href={csvHref}
          download
          className="inline-flex items-center gap-1 text-sm text-sky-700 hover:underline dark:text-sky-400"
        >
          <Download aria-hidden className="size-4" />
          Download CSV<span className="sr-only"> of {title}</span>
        </a>
      </p>
    </section>
  );
}

function minutesTitle(s: SlaMonthReport['services'][number]): string {
  const m = s.minutesByStatus;
  return `Major ${number(minutesCell(m.major_outage))} min, partial ${number(minutesCell(m.partial_outage))} min, degraded ${number(minutesCell(m.degraded_performance))} min; maintenance ${number(minutesCell(s.maintenanceMinutes))} min`;
}

function weightText(
  report: SlaMonthReport,
  status: 'major_outage' | 'partial_outage' | 'degraded_performance',
) {
  return `× ${number(report.weights[status])}`;
}

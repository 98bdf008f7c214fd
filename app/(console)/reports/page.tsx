import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { issuesOf } from '@/app/_components/forms/server-error';
import { dayText, durationText, percentText } from '@/lib/reports/format';
import { filterFromQuery, filterQuery, searchParamsOf } from '@/lib/reports/query';
import { breachesTable, handoffsTable, KIND_LABELS, mttaMttrTable, slaMetTable } from '@/lib/reports/tables';
import { requireSession, serverCaller } from '@/server/api/server-caller';
import { type ReportFilterInput, reportFilterInput } from '@/server/services/reports/schemas';
import { REPORT_DEFAULTS, REPORT_KIND_LABELS, REPORTABLE_KINDS } from '@/workflows/reports/constants';
import {
  BREACH_SERIES,
  breachesChart,
  HANDOFF_SERIES,
  handoffsChart,
  SLA_SERIES,
  slaChart,
  timesCharts,
} from './_components/chart-data';
import { DataTable } from './_components/data-table';
import { ReportChart } from './_components/report-chart';
import { ReportFilters } from './_components/report-filters';

export const metadata: Metadata = { title: 'Reports' };
export const dynamic = 'force-dynamic';

function Section({
  id,
  title,
  note,
  children,
}: {
  id: string;
  title: string;
  note: string;
  children: React.ReactNode;
}) {
  return (
    <section aria-labelledby={id} className="mb-8 rounded-md border border-zinc-200 p-4 dark:border-zinc-800">
      <h2 id={id} className="text-base font-semibold">
        {title}
      </h2>
      <p className="mb-3 text-sm text-muted">{note}</p>
      {children}
    </section>
  );
}

function Figure({ caption, children }: { caption: string; children: React.ReactNode }) {
  return (
    <figure className="min-w-0">
      <figcaption className="mb-1 text-sm font-medium">{caption}</figcaption>
      {children}
    </figure>
  );
}

/**
 * Reports for the floor (DESIGN §2.4): MTTA/MTTR trends, % SLA met by priority / team / customer, breaches
 * over time and handoff acceptance, over a period kept in the URL. Managers and admins see every kind; NOC
 * engineers and SOC analysts their own team's (workflows/reports REPORTABLE_KINDS); customers have the
 * portal. Each chart has its data table, the same table its CSV exports.
 */
export default async function ReportsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { user } = await requireSession();
  const kinds = REPORTABLE_KINDS[user.role];
  if (!kinds.length) redirect('/portal');
  const raw = filterFromQuery(searchParamsOf(await searchParams));
  const parsed = reportFilterInput.safeParse(raw);
  const kindRefused = parsed.success && parsed.data.kind !== 'all' && !kinds.includes(parsed.data.kind);
  const issues = !parsed.success
    ? issuesOf(parsed.error)
    : kindRefused
      ? [
          {
            path: 'kind',
            message: `Your reports cover ${kinds.map((k) => KIND_LABELS[k].toLowerCase()).join(' and ')}`,
          },
        ]
      : [];
  const query = parsed.success ? filterQuery(parsed.data) : '';
  // What the URL said, for the form to show (even when it does not parse: the form then says why).
  const initial = { ...REPORT_DEFAULTS, ...raw } as ReportFilterInput;
  const filters = <ReportFilters key={filterQuery(raw)} initial={initial} kinds={kinds} issues={issues} />;
  if (!parsed.success || kindRefused) {
    return (
      <>
        <h1 className="mb-4 text-xl font-semibold">Reports</h1>
        {filters}
      </>
    );
  }

  const api = await serverCaller();
  const [times, sla, breaches, handoffs] = await Promise.all([
    api.reports.mttaMttr(parsed.data),
    api.reports.slaMet(parsed.data),
    api.reports.breaches(parsed.data),
    api.reports.handoffs(parsed.data),
  ]);
  const { window } = times;
  const timeCharts = timesCharts(times);
  const teamTotals = sla.byTeam.reduce((t, r) => ({ met: t.met + r.met, missed: t.missed + r.missed }), {
    met: 0,
    missed: 0,
  });
  const decided = handoffs.rows.reduce(
    (t, r) => ({ accepted: t.accepted + r.accepted, declined: t.declined + r.declined }),
    {
      accepted: 0,
      declined: 0,
    },
  );
  const requested = handoffs.rows.reduce((n, r) => n + r.requested, 0);
  const counting =
    parsed.data.kind === 'all' && kinds.length > 1
      ? REPORT_KIND_LABELS.all
      : window.kinds.map((k) => KIND_LABELS[k]).join(', ');
  const bucket = window.unit === 'day' ? 'day' : 'week (from Monday)';

  return (
    <>
      <h1 className="text-xl font-semibold">Reports</h1>
      <p className="mb-4 text-sm text-muted">
        {dayText(window.firstDay)} – {dayText(window.lastDay)} · {counting} · by {bucket}, in{' '}
        {window.timeZone} (the operator&apos;s time zone) ·{' '}
        <Link
          className="text-sky-700 underline underline-offset-2 hover:no-underline dark:text-sky-400"
          href="/reports/sla"
        >
          Customers&apos; monthly SLA reports
        </Link>
      </p>
      {filters}

      <dl className="mb-8 grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-5" aria-label="Summary">
        {[
          ['MTTA', times.totals.map((t) => `${KIND_LABELS[t.kind]} ${durationText(t.mttaMs)}`)],
          ['MTTR', times.totals.map((t) => `${KIND_LABELS[t.kind]} ${durationText(t.mttrMs)}`)],
          [
            'SLA met',
            [
              percentText(
                teamTotals.met + teamTotals.missed
                  ? (100 * teamTotals.met) / (teamTotals.met + teamTotals.missed)
                  : null,
              ),
            ],
          ],
          ['Breaches', [String(breaches.total)]],
          [
            'Handoffs',
            [
              `${requested} requested`,
              `${percentText(decided.accepted + decided.declined ? (100 * decided.accepted) / (decided.accepted + decided.declined) : null)} accepted`,
            ],
          ],
        ].map(([term, values]) => (
          <div
            key={term as string}
            className="rounded-md border border-zinc-200 px-3 py-2 dark:border-zinc-800"
          >
            <dt className="text-xs uppercase tracking-wide text-muted">{term}</dt>
            {(values as string[]).map((value) => (
              <dd key={value} className="text-sm font-medium">
                {value}
              </dd>
            ))}
          </div>
        ))}
      </dl>

      <Section
        id="times"
        title="Time to acknowledge and resolve"
        note="Mean wall-clock time from creation, counted on the day each ticket was acknowledged (ACK; CONFIRM or DISMISS for an incident) or resolved."
      >
        <div className="grid gap-6 lg:grid-cols-2">
          <Figure caption="MTTA, minutes">
            <ReportChart data={timeCharts.mtta} xKey="bucket" series={timeCharts.series} unit="min" />
          </Figure>
          <Figure caption="MTTR, hours">
            <ReportChart data={timeCharts.mttr} xKey="bucket" series={timeCharts.series} unit="h" />
          </Figure>
        </div>
        <DataTable table={mttaMttrTable(times)} query={query} />
      </Section>

      <Section
        id="sla-met"
        title="SLA met"
        note="Response and resolution clocks that started in the period: met ÷ (met + missed). Clocks still running within target are not counted yet."
      >
        <div className="grid gap-6 lg:grid-cols-3">
          {(
            [
              ['priority', 'By priority', slaChart(sla.byPriority)],
              ['team', 'By team', slaChart(sla.byTeam, true)],
              ['customer', 'By customer', slaChart(sla.byCustomer)],
            ] as const
          ).map(([by, caption, data]) => (
            <div key={by} className="min-w-0">
              <Figure caption={caption}>
                {data.length ? (
                  <ReportChart data={data} xKey="group" series={SLA_SERIES} unit="%" percent />
                ) : (
                  <p className="py-8 text-center text-sm text-muted">No SLA clocks started in this period.</p>
                )}
              </Figure>
              <DataTable table={slaMetTable(sla, by)} query={query} />
            </div>
          ))}
        </div>
      </Section>

      <Section
        id="breaches"
        title="Breaches over time"
        note="SLA and OLA clocks that breached, on the day they ran out (the handoff and NOC action OLAs run on the outage)."
      >
        {breaches.total === 0 && <p className="mb-2 text-sm text-muted">No breaches in this period.</p>}
        <ReportChart data={breachesChart(breaches)} xKey="bucket" series={BREACH_SERIES} unit="" />
        <DataTable table={breachesTable(breaches)} query={query} />
      </Section>

      <Section
        id="handoffs"
        title="Handoff acceptance"
        note="NOC → SOC handoffs by the day they were requested: how the SOC decided, and how long it took from request to decision."
      >
        {requested === 0 && (
          <p className="mb-2 text-sm text-muted">No handoffs were requested in this period.</p>
        )}
        <ReportChart
          data={handoffsChart(handoffs)}
          xKey="bucket"
          series={HANDOFF_SERIES}
          unit=""
          rightUnit="min"
        />
        <DataTable table={handoffsTable(handoffs)} query={query} />
      </Section>
    </>
  );
}

'use client';

import { SlidersHorizontal } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { Button, FormAlert, Input } from '@/app/_components/form';
import { blankAs, type FieldIssue, labelled, useServerForm } from '@/app/_components/forms/use-server-form';
import { filterQuery } from '@/lib/reports/query';
import { type ReportFilterInput, reportFilterInput } from '@/server/services/reports/schemas';
import {
  INTERVAL_LABELS,
  PERIOD_LABELS,
  REPORT_INTERVALS,
  REPORT_KIND_LABELS,
  REPORT_KINDS,
  REPORT_PERIODS,
} from '@/workflows/reports/constants';
import type { TicketKind } from '@/workflows/tickets/constants';

/**
 * The reports' filter: validated in the browser by the reports' own schema, applied by navigating to the
 * page's URL for it (the URL is the filter's one home: bookmarkable, and what the CSV links export).
 * A URL that did not parse arrives with its issues, shown on their fields.
 */
export function ReportFilters({
  initial,
  kinds,
  issues,
}: {
  initial: ReportFilterInput;
  /** The kinds this viewer reports on; with one, there is nothing to choose. */
  kinds: readonly TicketKind[];
  issues: FieldIssue[];
}) {
  const router = useRouter();
  const f = useServerForm(reportFilterInput, initial, 'report-filter', { keepValues: true, refresh: false });
  const period = f.form.watch('period');
  // Once per URL (the page keys this form by its query, so a new URL is a new form).
  const placed = useRef(false);
  useEffect(() => {
    if (placed.current || !issues.length) return;
    placed.current = true;
    f.reject(issues, 'These filters cannot be shown: change them and apply.');
  });
  const kindChoices = REPORT_KINDS.filter((kind) => kind === 'all' || kinds.includes(kind));

  return (
    <form
      aria-label="Report filters"
      noValidate
      onSubmit={f.onSubmit(async (values) => {
        router.push(`/reports${filterQuery(values)}`);
      })}
      className="mb-6 flex flex-wrap items-end gap-3 rounded-md border border-zinc-200 p-3 dark:border-zinc-800"
    >
      {f.select('period', 'Period', labelled(REPORT_PERIODS, PERIOD_LABELS), { className: 'w-40' })}
      {period === 'custom' && (
        <>
          {f.field(
            'from',
            'First day',
            <Input type="date" {...f.register('from', { setValueAs: blankAs(undefined) })} />,
            'w-40',
          )}
          {f.field(
            'to',
            'Last day',
            <Input type="date" {...f.register('to', { setValueAs: blankAs(undefined) })} />,
            'w-40',
          )}
        </>
      )}
      {kinds.length > 1 &&
        f.select('kind', 'Tickets', labelled(kindChoices, REPORT_KIND_LABELS), { className: 'w-56' })}
      {f.select('interval', 'Trend by', labelled(REPORT_INTERVALS, INTERVAL_LABELS), { className: 'w-36' })}
      <Button type="submit" disabled={f.pending} className="inline-flex items-center gap-1.5">
        <SlidersHorizontal aria-hidden className="size-4" />
        Apply
      </Button>
      <div className="basis-full empty:hidden">
        <FormAlert message={f.failure} />
      </div>
    </form>
  );
}

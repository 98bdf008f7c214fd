import { monthLabel } from '@/lib/reports/sla-month';

// The report's month (and, for staff, organisation) as a plain GET form: the choice lives in the URL, so a
// report can be bookmarked and shared, and the picker works before (or without) any client code.

export function ReportPicker({
  action,
  months,
  month,
  organisations,
  organisationId,
}: {
  action: string;
  months: readonly string[];
  month: string;
  organisations?: readonly { id: string; name: string }[];
  organisationId?: string;
}) {
  const field =
    'rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900';
  return (
    <form method="get" action={action} className="mb-4 flex flex-wrap items-end gap-3 print:hidden">
      {organisations && (
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium">Organisation</span>
          <select name="organisationId" defaultValue={organisationId} className={field}>
            {organisations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="flex flex-col gap-1 text-sm">
        <span className="font-medium">Month</span>
        <select name="month" defaultValue={month} className={field}>
          {months.map((m, i) => (
            <option key={m} value={m}>
              {monthLabel(m)}
              {i === 0 ? ' (so far)' : ''}
            </option>
          ))}
        </select>
      </label>
      <button
        type="submit"
        className="rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800"
      >
        Show report
      </button>
    </form>
  );
}

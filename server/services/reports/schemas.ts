// Zod schemas for the reports, shared by the router, the CSV route and the /reports filter form (whose
// fields are the page's URL query: period, from, to, kind, interval).
import { z } from 'zod';
import {
  MAX_DAILY_DAYS,
  MAX_REPORT_DAYS,
  PERIOD_DAYS,
  REPORT_DEFAULTS,
  REPORT_INTERVALS,
  REPORT_KINDS,
  REPORT_PERIODS,
} from '../../../workflows/reports/constants';
import { parseLocalDate } from '../../../workflows/sla/civil';

/** Day numbers of 1970-01-01 and 2200-01-01: the instant window every date input shares (schema-parts). */
const FIRST_DAY = 0;
const END_DAY = parseLocalDate('2200-01-01')!;

/** A local calendar date, 'YYYY-MM-DD', that exists (no 2026-02-30) and lies in 1970–2199. */
const localDate = (what: string) =>
  z
    .string(`Enter ${what} as a date`)
    .trim()
    .refine((text) => {
      const day = parseLocalDate(text);
      return day !== null && day >= FIRST_DAY && day < END_DAY;
    }, `Enter ${what} as a real date (YYYY-MM-DD) between 1970 and 2199`);

export const reportFilterInput = z
  .object({
    period: z.enum(REPORT_PERIODS, 'Choose a period').default(REPORT_DEFAULTS.period),
    /** First and last local day of a custom period (both included); ignored for the presets. */
    from: localDate('the first day').optional(),
    to: localDate('the last day').optional(),
    kind: z.enum(REPORT_KINDS, 'Choose which tickets to count').default(REPORT_DEFAULTS.kind),
    interval: z.enum(REPORT_INTERVALS, 'Choose days or weeks').default(REPORT_DEFAULTS.interval),
  })
  .superRefine((filter, ctx) => {
    let days: number = filter.period === 'custom' ? 0 : PERIOD_DAYS[filter.period];
    if (filter.period === 'custom') {
      if (!filter.from) ctx.addIssue({ code: 'custom', path: ['from'], message: 'Choose the first day' });
      if (!filter.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'Choose the last day' });
      const first = filter.from ? parseLocalDate(filter.from) : null;
      const last = filter.to ? parseLocalDate(filter.to) : null;
      if (first === null || last === null) return;
      days = last - first + 1;
      if (days < 1) {
        ctx.addIssue({ code: 'custom', path: ['to'], message: 'The last day cannot be before the first' });
        return;
      }
      if (days > MAX_REPORT_DAYS) {
        ctx.addIssue({ code: 'custom', path: ['to'], message: `Choose at most ${MAX_REPORT_DAYS} days` });
        return;
      }
    }
    if (filter.interval === 'day' && days > MAX_DAILY_DAYS)
      ctx.addIssue({
        code: 'custom',
        path: ['interval'],
        message: `Daily figures cover at most ${MAX_DAILY_DAYS} days: choose weeks`,
      });
  });
export type ReportFilterInput = z.input<typeof reportFilterInput>;
export type ReportFilter = z.output<typeof reportFilterInput>;

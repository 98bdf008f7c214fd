import 'server-only';
import { TRPCError } from '@trpc/server';
import type { SlaMonthReport } from '@/lib/reports/sla-month';

/**
 * A page's report for the month in its URL; a month that cannot be reported (malformed, not begun)
 * falls back to the default month with a note, rather than an error page.
 */
export async function reportOrDefault(
  load: (month: string | undefined) => Promise<SlaMonthReport>,
  month: string | undefined,
): Promise<{ report: SlaMonthReport; notice: string | null }> {
  if (month === undefined) return { report: await load(undefined), notice: null };
  try {
    return { report: await load(month), notice: null };
  } catch (error) {
    if (!(error instanceof TRPCError) || error.code !== 'BAD_REQUEST') throw error;
    return {
      report: await load(undefined),
      notice: `There is no report for “${month.slice(0, 20)}” yet: showing the last closed month.`,
    };
  }
}

export const firstParam = (value: string | string[] | undefined) =>
  typeof value === 'string' ? value : Array.isArray(value) ? value[0] : undefined;

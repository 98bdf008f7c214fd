// Zod schemas of the monthly SLA reports (slaReports router, the portal and console pages, the CSV route).
// Drizzle-free: client components import this file.
import { z } from 'zod';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A calendar month 'YYYY-MM' from 1970 to 2199 (the range of every date Watchfloor accepts). */
export const monthText = z
  .string()
  .trim()
  .regex(MONTH, 'Choose a month as YYYY-MM')
  .refine((text) => {
    const year = Number(text.slice(0, 4));
    return year >= 1970 && year < 2200;
  }, 'Choose a month between 1970 and 2199');

/** The month's year and month number (1–12) of a valid 'YYYY-MM'. */
export function parseMonth(text: string): { year: number; month: number } {
  return { year: Number(text.slice(0, 4)), month: Number(text.slice(5, 7)) };
}

/** 'YYYY-MM' of a year and month number. */
export function monthKey(year: number, month: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** The month `delta` months from `year`-`month` (negative: earlier). */
export function shiftMonth(year: number, month: number, delta: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + delta;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/**
 * slaReports.month: one organisation's month. Customers always get their own organisation (another's
 * answers NOT_FOUND); staff name the organisation. Without a month: the last closed month in the
 * organisation's time zone.
 */
export const slaMonthInput = z.object({
  organisationId: z.uuid('Choose an organisation').optional(),
  month: monthText.optional(),
});
export type SlaMonthInput = z.input<typeof slaMonthInput>;

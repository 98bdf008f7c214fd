import { eq } from 'drizzle-orm';
import { businessCalendars } from '../../../db/schema';
import { validateHolidayPreset } from '../../../workflows/sla/holidays';
import type { ServiceContext } from '../context';
import { conflictOnRace } from '../db-errors';
import { badRequest, notFound } from '../errors';
import { parseInput } from '../parse';
import { assertAdminWrite } from './authorize';
import { type CalendarInput, calendarInput } from './schemas';

/**
 * Creates or updates a business calendar. Running clocks keep their copied targets; their due times
 * follow the edited hours from their next resume or an admin's recalculation.
 */
export async function saveCalendar(ctx: ServiceContext, rawInput: CalendarInput): Promise<{ id: string }> {
  assertAdminWrite(ctx.actor);
  const input = parseInput(calendarInput, rawInput);
  if (input.holidayPreset) {
    const problems = validateHolidayPreset(input.holidayPreset);
    if (problems.length) throw badRequest('Invalid input', { holidayPreset: problems });
  }
  const now = ctx.now();
  const values = {
    name: input.name,
    timeZone: input.timeZone,
    weekly: input.weekly,
    holidays: [...new Set(input.holidays)].sort(),
    holidayPreset: input.holidayPreset ?? null,
    updatedAt: now,
  };
  try {
    if (input.id) {
      const [row] = await ctx.db
        .update(businessCalendars)
        .set(values)
        .where(eq(businessCalendars.id, input.id))
        .returning({ id: businessCalendars.id });
      if (!row) throw notFound('Calendar');
      return row;
    }
    const [row] = await ctx.db
      .insert(businessCalendars)
      .values({ ...values, createdAt: now })
      .returning({ id: businessCalendars.id });
    return row!;
  } catch (error) {
    return conflictOnRace(error);
  }
}

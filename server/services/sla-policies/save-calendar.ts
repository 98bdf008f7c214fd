import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { businessCalendars, slaClocks, ticketEscalations, tickets } from '../../../db/schema';
import { validateHolidayPreset } from '../../../workflows/sla/holidays';
import { under } from '../../../workflows/validation';
import { assertAdminWrite } from '../kernel/authorize-admin';
import type { ServiceContext } from '../kernel/context';
import { conflictOnRace } from '../kernel/db-errors';
import { badRequest, notFound } from '../kernel/errors';
import { fieldErrorsOf, parseInput } from '../kernel/parse';
import { type CalendarInput, calendarInput } from './schemas';

/**
 * Creates or updates a business calendar. Running clocks keep their copied targets, but their due times
 * follow the edited hours at once: in the same transaction every running clock on the calendar (and the
 * escalation of its ticket, whose percentage triggers follow the clock) becomes due for a look now, so the
 * scheduler's next round recomputes its schedule with the new hours — firing, at its own due instant,
 * any check the new hours put in the past. Paused and stopped clocks use the calendar when they resume.
 */
export async function saveCalendar(ctx: ServiceContext, rawInput: CalendarInput): Promise<{ id: string }> {
  assertAdminWrite(ctx.actor);
  const input = parseInput(calendarInput, rawInput);
  if (input.holidayPreset) {
    const problems = under(['holidayPreset'], validateHolidayPreset(input.holidayPreset));
    if (problems.length) throw badRequest('Invalid input', fieldErrorsOf(problems));
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
      const id = input.id;
      return await ctx.db.transaction(async (tx) => {
        const [row] = await tx
          .update(businessCalendars)
          .set(values)
          .where(eq(businessCalendars.id, id))
          .returning({ id: businessCalendars.id });
        if (!row) throw notFound('Calendar');
        await rescheduleRunningClocks(tx, id, now);
        return row;
      });
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

/** Running clocks on the calendar (and their tickets' escalations) are due for a look at `now`. */
async function rescheduleRunningClocks(tx: Executor, calendarId: string, now: Date): Promise<void> {
  const running = and(eq(slaClocks.calendarId, calendarId), eq(slaClocks.state, 'running'));
  // Every writer of clock and escalation rows holds their ticket's lock first (commands, the sweep), so
  // this does too, in id order: taking the rows' own locks first could deadlock with a command.
  await tx.execute(sql`select count(*) from (
    select ${tickets.id} from ${tickets}
    where ${tickets.id} in (select ${slaClocks.ticketId} from ${slaClocks} where ${running})
    order by ${tickets.id} for update of ${tickets}) as locked`);
  await tx.update(slaClocks).set({ nextCheckAt: now }).where(running);
  await tx
    .update(ticketEscalations)
    .set({ nextCheckAt: now })
    .where(
      and(
        isNotNull(ticketEscalations.nextCheckAt),
        inArray(
          ticketEscalations.ticketId,
          tx.select({ id: slaClocks.ticketId }).from(slaClocks).where(running),
        ),
      ),
    );
}

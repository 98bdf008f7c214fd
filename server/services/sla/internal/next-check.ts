import { min } from 'drizzle-orm';
import type { Database } from '../../../../db/client';
import { slaClocks, ticketEscalations } from '../../../../db/schema';

/** The earliest instant any clock check or escalation level falls due, or null when nothing is pending. */
export async function nextScheduledCheck(db: Database): Promise<Date | null> {
  const [clock] = await db.select({ next: min(slaClocks.nextCheckAt) }).from(slaClocks);
  const [escalation] = await db.select({ next: min(ticketEscalations.nextCheckAt) }).from(ticketEscalations);
  const instants = [clock?.next, escalation?.next]
    .filter((d): d is Date => d !== null && d !== undefined)
    .map((d) => new Date(d).getTime());
  return instants.length ? new Date(Math.min(...instants)) : null;
}

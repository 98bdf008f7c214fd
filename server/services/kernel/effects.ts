import { eq, type SQL } from 'drizzle-orm';
import type { Executor } from '../../../db/client';
import { firedEffects, slaClocks, ticketEscalations } from '../../../db/schema';

// The typed changes to a ticket's SLA rows that go with a change of the ticket. Deciders say what changes;
// only these builders turn that into statements, so the engine can run them in its one write statement
// knowing each stands alone (one row per clock, an insert that ignores duplicates, the one escalation row).

/** One clock's new state, and the checks that fell due on the way (recorded as fired under their keys). */
export interface ClockEffect {
  clockId: string;
  set: Omit<Partial<typeof slaClocks.$inferInsert>, 'id' | 'ticketId' | 'updatedAt'>;
  fired: { key: string; dueAt: Date }[];
}

/** The ticket's escalation row as the change leaves it. */
export interface EscalationEffect {
  set: Omit<Partial<typeof ticketEscalations.$inferInsert>, 'ticketId' | 'updatedAt'>;
}

export interface TicketEffects {
  clocks?: ClockEffect[];
  escalation?: EscalationEffect;
}

/** Effects from several planners in one decision (a lifecycle event and a subject clock it stops). */
export function combineEffects(...parts: (TicketEffects | undefined)[]): TicketEffects {
  const clocks = parts.flatMap((part) => part?.clocks ?? []);
  const escalations = parts.flatMap((part) => (part?.escalation ? [part.escalation] : []));
  if (escalations.length > 1) throw new Error('effects: the escalation changed twice');
  return {
    ...(clocks.length ? { clocks } : {}),
    ...(escalations.length ? { escalation: escalations[0] } : {}),
  };
}

export const hasEffects = (effects: TicketEffects | undefined): boolean =>
  !!effects && ((effects.clocks?.length ?? 0) > 0 || effects.escalation !== undefined);

/**
 * The statements for a ticket's effects. They may run as data-modifying CTEs of one statement (none
 * reads another's rows), which is why a clock may appear only once.
 */
export function effectStatements(db: Executor, ticketId: string, effects: TicketEffects, now: Date): SQL[] {
  const statements: SQL[] = [];
  const seen = new Set<string>();
  for (const clock of effects.clocks ?? []) {
    if (seen.has(clock.clockId)) throw new Error(`effects: clock ${clock.clockId} changed twice`);
    seen.add(clock.clockId);
    if (clock.fired.length) {
      statements.push(
        db
          .insert(firedEffects)
          .values(clock.fired.map((f) => ({ ticketId, key: f.key, dueAt: f.dueAt, firedAt: now })))
          .onConflictDoNothing()
          .getSQL(),
      );
    }
    statements.push(
      db
        .update(slaClocks)
        .set({ ...clock.set, updatedAt: now })
        .where(eq(slaClocks.id, clock.clockId))
        .getSQL(),
    );
  }
  if (effects.escalation) {
    statements.push(
      db
        .update(ticketEscalations)
        .set({ ...effects.escalation.set, updatedAt: now })
        .where(eq(ticketEscalations.ticketId, ticketId))
        .getSQL(),
    );
  }
  return statements;
}

/** The effects, written now (for a writer outside the engine's command path, e.g. a ticket's creation). */
export async function applyEffects(
  db: Executor,
  ticketId: string,
  effects: TicketEffects,
  now: Date,
): Promise<void> {
  for (const statement of effectStatements(db, ticketId, effects, now)) await db.execute(statement);
}

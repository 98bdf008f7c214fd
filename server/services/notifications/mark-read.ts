import { and, eq, inArray, isNull } from 'drizzle-orm';
import { notifications } from '../../../db/schema';
import type { ServiceContext } from '../kernel/context';
import { forbidden } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { type MarkReadInput, markReadInput } from './schemas';

/** Marks the user's own notifications read; others' ids are silently not touched. */
export async function markNotificationsRead(ctx: ServiceContext, rawInput: MarkReadInput) {
  if (ctx.actor.type !== 'user') throw forbidden();
  const input = parseInput(markReadInput, rawInput);
  const updated = await ctx.db
    .update(notifications)
    .set({ readAt: ctx.now() })
    .where(
      and(
        eq(notifications.userId, ctx.actor.id),
        inArray(notifications.id, input.ids),
        isNull(notifications.readAt),
      ),
    )
    .returning({ id: notifications.id });
  return { marked: updated.length };
}

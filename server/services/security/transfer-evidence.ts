import { and, desc, eq } from 'drizzle-orm';
import { custodyEntries, evidence } from '../../../db/schema';
import type { ServiceContext } from '../kernel/context';
import { changeTicket } from '../kernel/engine';
import { badRequest, notFound } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { actorUserId, assertWorkableIncident, isInFuture } from './internal/workable';
import { type TransferEvidenceInput, transferEvidenceInput } from './schemas';

const samePerson = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * security.transferEvidence: the next entry of an item's chain of custody, from its current holder to
 * `to`. The ledger is append-only and in time order: a hand-over is never dated before the entry it follows.
 */
export async function transferEvidence(ctx: ServiceContext, rawInput: TransferEvidenceInput) {
  const input = parseInput(transferEvidenceInput, rawInput);
  return changeTicket(ctx, {
    ticketId: input.id,
    authorize: (ticket) => assertWorkableIncident(ctx.actor, ticket, 'Transferring evidence'),
    apply: async (tx, ticket, now) => {
      const [item] = await tx
        .select()
        .from(evidence)
        .where(and(eq(evidence.id, input.evidenceId), eq(evidence.ticketId, ticket.id)))
        .for('update');
      if (!item) throw notFound('Evidence item');
      if (samePerson(item.custodian, input.to)) {
        throw badRequest('Invalid input', { to: [`${item.custodian} already holds this item`] });
      }
      const at = input.at ?? now;
      if (isInFuture(at, now)) {
        throw badRequest('Invalid input', { at: ['A hand-over cannot be dated in the future'] });
      }
      const [last] = await tx
        .select({ seq: custodyEntries.seq, at: custodyEntries.at })
        .from(custodyEntries)
        .where(eq(custodyEntries.evidenceId, item.id))
        .orderBy(desc(custodyEntries.seq))
        .limit(1);
      if (last && at.getTime() < last.at.getTime()) {
        throw badRequest('Invalid input', {
          at: [`A hand-over cannot be dated before the previous custody entry (${last.at.toISOString()})`],
        });
      }
      const seq = (last?.seq ?? 0) + 1;
      await tx.insert(custodyEntries).values({
        evidenceId: item.id,
        seq,
        fromCustodian: item.custodian,
        toCustodian: input.to,
        at,
        reason: input.reason,
        recordedById: actorUserId(ctx.actor),
        recordedAt: now,
      });
      await tx.update(evidence).set({ custodian: input.to }).where(eq(evidence.id, item.id));
      return {
        events: [
          {
            type: 'evidence.transferred',
            payload: {
              evidenceId: item.id,
              name: item.name,
              seq,
              from: item.custodian,
              to: input.to,
              at: at.toISOString(),
              reason: input.reason,
            },
          },
        ],
        result: { evidenceId: item.id, seq },
      };
    },
  });
}

import { and, desc, eq } from 'drizzle-orm';
import { custodyEntries, evidence } from '../../../db/schema';
import type { ServiceContext } from '../kernel/context';
import { changeTicket } from '../kernel/engine';
import { badRequest, notFound } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { actorUserId, isInFuture, onWorkableIncident } from './internal/workable';
import { type TransferEvidenceInput, transferEvidenceInput } from './schemas';

const samePerson = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * security.transferEvidence: the next entry of an item's chain of custody, from its current holder to
 * `to`. The ledger is append-only and in time order: a hand-over is never dated before the entry it follows.
 */
export async function transferEvidence(ctx: ServiceContext, rawInput: TransferEvidenceInput) {
  const input = parseInput(transferEvidenceInput, rawInput);
  return changeTicket(ctx, {
    ...onWorkableIncident(ctx, input.id, 'Transferring evidence'),
    load: async (tx, ticket) => {
      const [item] = await tx
        .select()
        .from(evidence)
        .where(and(eq(evidence.id, input.evidenceId), eq(evidence.ticketId, ticket.id)))
        .for('update');
      if (!item) return undefined;
      const [last] = await tx
        .select({ seq: custodyEntries.seq, at: custodyEntries.at })
        .from(custodyEntries)
        .where(eq(custodyEntries.evidenceId, item.id))
        .orderBy(desc(custodyEntries.seq))
        .limit(1);
      return { item, last };
    },
    decide: (_ticket, now, { loaded }) => {
      if (!loaded) throw notFound('Evidence item');
      const { item, last } = loaded;
      if (samePerson(item.custodian, input.to)) {
        throw badRequest('Invalid input', { to: [`${item.custodian} already holds this item`] });
      }
      const at = input.at ?? now;
      if (isInFuture(at, now)) {
        throw badRequest('Invalid input', { at: ['A hand-over cannot be dated in the future'] });
      }
      if (last && at.getTime() < last.at.getTime()) {
        throw badRequest('Invalid input', {
          at: [`A hand-over cannot be dated before the previous custody entry (${last.at.toISOString()})`],
        });
      }
      const seq = (last?.seq ?? 0) + 1;
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
        side: {
          evidenceId: item.id,
          custodian: input.to,
          entry: {
            evidenceId: item.id,
            seq,
            fromCustodian: item.custodian,
            toCustodian: input.to,
            at,
            reason: input.reason,
            recordedById: actorUserId(ctx.actor),
            recordedAt: now,
          },
        },
        result: { evidenceId: item.id, seq },
      };
    },
    apply: async (tx, { side }) => {
      await tx.insert(custodyEntries).values(side.entry);
      await tx.update(evidence).set({ custodian: side.custodian }).where(eq(evidence.id, side.evidenceId));
      return {};
    },
  });
}

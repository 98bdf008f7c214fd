import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Transaction } from '../../../db/client';
import { custodyEntries, evidence } from '../../../db/schema';
import type { evidenceItemInput } from '../handoffs/schemas';
import type { NewTicketEvent } from '../kernel/chain';
import type { Actor, ServiceContext } from '../kernel/context';
import { changeTicket } from '../kernel/engine';
import { badRequest, ServiceError } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { actorUserId, isInFuture, onWorkableIncident } from './internal/workable';
import { type AddEvidenceInput, addEvidenceInput } from './schemas';

/** An evidence item as parsed (evidenceItemInput), with its holder when it is not the collector. */
export type EvidenceRecord = z.output<typeof evidenceItemInput> & { custodian?: string };

/**
 * Records evidence items on a ticket whose row the caller holds locked, each with the first entry of its
 * chain of custody (seq 1: collected, from nobody to the custodian, at the collection time). Items whose
 * SHA-256 the ticket already holds are skipped, as are repeats within `items`. Returns the audit events of
 * the items recorded (`evidence.added`), for the caller to append in the same transaction.
 */
export async function insertEvidence(
  tx: Transaction,
  ticketId: string,
  items: readonly EvidenceRecord[],
  actor: Actor,
  now: Date,
  reason: string,
): Promise<NewTicketEvent[]> {
  const bySha = new Map<string, EvidenceRecord>();
  for (const item of items) if (!bySha.has(item.sha256)) bySha.set(item.sha256, item);
  if (bySha.size === 0) return [];
  const recorded = await tx
    .insert(evidence)
    .values(
      [...bySha.values()].map((item) => ({
        ticketId,
        name: item.name,
        sha256: item.sha256,
        sizeBytes: item.sizeBytes,
        collectedBy: item.collectedBy,
        collectedAt: item.collectedAt,
        location: item.location,
        custodian: item.custodian ?? item.collectedBy,
        addedAt: now,
      })),
    )
    .onConflictDoNothing()
    .returning();
  if (recorded.length === 0) return [];
  // Keep the caller's order (RETURNING order is not promised).
  const order = [...bySha.keys()];
  recorded.sort((a, b) => order.indexOf(a.sha256) - order.indexOf(b.sha256));
  await tx.insert(custodyEntries).values(
    recorded.map((row) => ({
      evidenceId: row.id,
      seq: 1,
      fromCustodian: null,
      toCustodian: row.custodian,
      at: row.collectedAt,
      reason,
      recordedById: actorUserId(actor),
      recordedAt: now,
    })),
  );
  return recorded.map((row) => ({
    type: 'evidence.added',
    payload: {
      evidenceId: row.id,
      name: row.name,
      sha256: row.sha256,
      sizeBytes: row.sizeBytes,
      collectedBy: row.collectedBy,
      collectedAt: row.collectedAt.toISOString(),
      location: row.location,
      custodian: row.custodian,
      reason,
    },
  }));
}

/** security.addEvidence: an item collected by the SOC, opening its chain of custody. */
export async function addEvidence(ctx: ServiceContext, rawInput: AddEvidenceInput) {
  const { id, ...item } = parseInput(addEvidenceInput, rawInput);
  return changeTicket(ctx, {
    ...onWorkableIncident(ctx, id, 'Recording evidence'),
    // An item whose SHA-256 the incident holds already is refused, naming the one recorded.
    load: async (tx, ticket) => {
      const [existing] = await tx
        .select({ name: evidence.name })
        .from(evidence)
        .where(and(eq(evidence.ticketId, ticket.id), eq(evidence.sha256, item.sha256)));
      return existing;
    },
    decide: (_ticket, now, { loaded: existing }) => {
      if (isInFuture(item.collectedAt, now)) {
        throw badRequest('Invalid input', { collectedAt: ['The collection time cannot be in the future'] });
      }
      if (existing) {
        throw new ServiceError(
          'CONFLICT',
          `This evidence (same SHA-256) is already recorded as “${existing.name}”`,
        );
      }
      return { events: [], side: { items: [item] }, result: {} };
    },
    // The item's event and result carry its id, which exists once the row does.
    apply: async (tx, { side }, ticket, now) => {
      const events = await insertEvidence(tx, ticket.id, side.items, ctx.actor, now, 'Collected');
      return { events, result: { evidenceId: events[0]!.payload.evidenceId as string } };
    },
  });
}

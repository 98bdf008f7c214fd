import { reviewFollowUps } from '../../../db/schema';
import { formatTicketNumber } from '../../../workflows/tickets/constants';
import { isStaff } from '../../auth/permissions';
import { readsInFull } from '../kernel/access';
import type { ServiceContext } from '../kernel/context';
import { changeTicket } from '../kernel/engine';
import { badRequest, ServiceError } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { notifyForEvent } from '../notifications/internal/notify';
import { namedUser } from '../tickets/internal/permissions';
import { actorUserId, assertReviewableOutage } from './internal/gate';
import { reviewOf } from './internal/review-row';
import { type AddFollowUpInput, addFollowUpInput } from './schemas';

/** The earliest "today" on Earth (UTC−12): a due date before it is in the past wherever the writer is. */
const EARLIEST_ZONE_MS = 12 * 3_600_000;
const earliestToday = (now: Date) => new Date(now.getTime() - EARLIEST_ZONE_MS).toISOString().slice(0, 10);

/**
 * reviews.addFollowUp: an action the review commits to, owned by a colleague and due on a date. Allowed
 * on a draft and on a published review (follow-ups are tracked after publishing). The owner is told in
 * the app (an in-app notification), and the audit event records whether they were.
 */
export async function addFollowUp(ctx: ServiceContext, rawInput: AddFollowUpInput) {
  const input = parseInput(addFollowUpInput, rawInput);
  return changeTicket(ctx, {
    ticketId: input.id,
    authorize: (ticket) => assertReviewableOutage(ctx.actor, ticket),
    load: async (tx, ticket) => ({
      review: await reviewOf(tx, ticket.id),
      owner: await namedUser(tx, input.ownerId),
    }),
    decide: (ticket, now, { loaded: { review, owner } }) => {
      if (!review) throw new ServiceError('PRECONDITION_FAILED', 'Save a draft of the review first');
      // Staff who read the outage in full: a customer never owns the operator's actions.
      if (!owner?.active || !isStaff(owner.role) || !readsInFull(owner.role, ticket)) {
        throw badRequest('Invalid input', { ownerId: ['Choose an active colleague'] });
      }
      if (input.dueOn < earliestToday(now)) {
        throw badRequest('Invalid input', { dueOn: ['Choose a due date from today on'] });
      }
      const number = formatTicketNumber(ticket.kind, ticket.number);
      return {
        events: [],
        side: {
          followUp: {
            reviewId: review.id,
            title: input.title,
            ownerId: owner.id,
            dueOn: input.dueOn,
            createdById: actorUserId(ctx.actor),
            createdAt: now,
          },
          ownerEmail: owner.email,
          note: {
            ticket,
            to: { users: [owner.id] },
            kind: 'review.follow_up_assigned',
            title: `${number}: follow-up action for you, due ${input.dueOn}`,
            body: input.title,
          },
        },
        result: {},
      };
    },
    // The event and the note's dedup key carry the follow-up's id, which exists once the row does.
    apply: async (tx, { side }, _ticket, now) => {
      const [row] = await tx
        .insert(reviewFollowUps)
        .values(side.followUp)
        .returning({ id: reviewFollowUps.id });
      const followUpId = row!.id;
      const skipped = await notifyForEvent(
        tx,
        { ...side.note, dedupKey: `review_follow_up:${followUpId}:assigned` },
        now,
      );
      return {
        events: [
          {
            type: 'review.follow_up_added',
            payload: {
              followUpId,
              title: side.followUp.title,
              ownerId: side.followUp.ownerId,
              ownerEmail: side.ownerEmail,
              dueOn: side.followUp.dueOn,
              ...skipped,
            },
          },
        ],
        result: { followUpId },
      };
    },
  });
}

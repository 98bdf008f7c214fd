import type { ServiceContext } from '../kernel/context';
import { changeTicket } from '../kernel/engine';
import { forbidden } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { mayComment } from './internal/permissions';
import { type CommentInput, commentInput } from './schemas';

/**
 * tickets.comment: an internal note, or a public update that customers see in their portal and on status
 * pages. Security incidents never get public comments: a customer notice is published explicitly.
 */
export async function commentOnTicket(ctx: ServiceContext, rawInput: CommentInput) {
  const input = parseInput(commentInput, rawInput);
  return changeTicket(ctx, {
    ticketId: input.id,
    authorize: (ticket) => {
      if (!mayComment(ctx.actor, ticket)) throw forbidden('Your role cannot comment on this ticket');
      if (ticket.kind === 'security' && input.visibility === 'public') {
        throw forbidden('Security incidents reach customers only through a published notice');
      }
    },
    // A comment does not change the ticket, so it does not bump the version (nobody's edit goes stale).
    decide: () => ({
      events: [{ type: 'comment.added', payload: { body: input.body, visibility: input.visibility } }],
      result: {},
    }),
  });
}

import { seesInternalFields } from '../kernel/access';
import type { ServiceContext } from '../kernel/context';
import { changeTicket } from '../kernel/engine';
import { forbidden } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { mayComment } from './internal/permissions';
import { type CommentInput, commentInput } from './schemas';

/**
 * tickets.comment: an internal note, or a public update that customers see in their portal and on status
 * pages. Security incidents never get public comments: a customer notice is published explicitly.
 * Customers comment publicly on their own organisation's outages (the conversation with support); the
 * answer gives them no version (how often a ticket changed is internal, as in every customer read).
 */
export async function commentOnTicket(
  ctx: ServiceContext,
  rawInput: CommentInput,
): Promise<{ version: number | null }> {
  const input = parseInput(commentInput, rawInput);
  const result = await changeTicket(ctx, {
    ticketId: input.id,
    authorize: (ticket) => {
      if (!mayComment(ctx.actor, ticket, input.visibility))
        throw forbidden(
          ctx.actor.type === 'user' && ctx.actor.role === 'customer'
            ? 'Customers add public comments only'
            : 'Your role cannot comment on this ticket',
        );
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
  return { version: seesInternalFields(ctx.actor) ? result.version : null };
}

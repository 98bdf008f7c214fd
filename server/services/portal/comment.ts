import type { ServiceContext } from '../kernel/context';
import { parseInput } from '../kernel/parse';
import { commentOnTicket } from '../tickets/comment';
import { type PortalCommentInput, portalCommentInput } from './schemas';

/**
 * portal.comment: a message on an outage, public by construction (the conversation between the customer
 * and support). tickets.comment authorises it: customers may comment on their own organisation's outages,
 * publicly only (tickets/internal/permissions.ts mayComment).
 */
export async function commentFromPortal(ctx: ServiceContext, rawInput: PortalCommentInput) {
  const input = parseInput(portalCommentInput, rawInput);
  const { version: _, ...result } = await commentOnTicket(ctx, { ...input, visibility: 'public' });
  return result;
}

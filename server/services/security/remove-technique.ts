import { and, eq } from 'drizzle-orm';
import { attackTechniques } from '../../../db/schema';
import { normaliseTechniqueId } from '../../../workflows/security/attack';
import type { ServiceContext } from '../kernel/context';
import { changeTicket } from '../kernel/engine';
import { notFound } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { assertWorkableIncident } from './internal/workable';
import { type TechniqueInput, techniqueInput } from './schemas';

/** security.removeTechnique: takes a technique (under one tactic) off the incident's ATT&CK mapping. */
export async function removeTechnique(ctx: ServiceContext, rawInput: TechniqueInput) {
  const input = parseInput(techniqueInput, rawInput);
  const techniqueId = normaliseTechniqueId(input.techniqueId)!; // the schema has checked it
  return changeTicket(ctx, {
    ticketId: input.id,
    authorize: (ticket) => assertWorkableIncident(ctx.actor, ticket, 'ATT&CK mapping'),
    apply: async (tx, ticket) => {
      const [removed] = await tx
        .delete(attackTechniques)
        .where(
          and(
            eq(attackTechniques.ticketId, ticket.id),
            eq(attackTechniques.techniqueId, techniqueId),
            eq(attackTechniques.tactic, input.tactic),
          ),
        )
        .returning({ techniqueId: attackTechniques.techniqueId });
      if (!removed) throw notFound('Technique');
      return {
        events: [{ type: 'attack.technique_removed', payload: { techniqueId, tactic: input.tactic } }],
        result: { techniqueId, tactic: input.tactic },
      };
    },
  });
}

import { attackTechniques } from '../../../db/schema';
import { normaliseTechniqueId } from '../../../workflows/security/attack';
import type { ServiceContext } from '../kernel/context';
import { changeTicket } from '../kernel/engine';
import { parseInput } from '../kernel/parse';
import { actorUserId, assertWorkableIncident } from './internal/workable';
import { type TechniqueInput, techniqueInput } from './schemas';

/** security.addTechnique: a MITRE ATT&CK technique seen in the incident, under the tactic it served. */
export async function addTechnique(ctx: ServiceContext, rawInput: TechniqueInput) {
  const input = parseInput(techniqueInput, rawInput);
  const techniqueId = normaliseTechniqueId(input.techniqueId)!; // the schema has checked it
  return changeTicket(ctx, {
    ticketId: input.id,
    authorize: (ticket) => assertWorkableIncident(ctx.actor, ticket, 'ATT&CK mapping'),
    apply: async (tx, ticket, now) => {
      const [inserted] = await tx
        .insert(attackTechniques)
        .values({
          ticketId: ticket.id,
          techniqueId,
          tactic: input.tactic,
          addedById: actorUserId(ctx.actor),
          addedAt: now,
        })
        .onConflictDoNothing()
        .returning({ techniqueId: attackTechniques.techniqueId });
      const result = { techniqueId, tactic: input.tactic, added: inserted !== undefined };
      if (!inserted) return { events: [], result };
      return {
        events: [{ type: 'attack.technique_added', payload: { techniqueId, tactic: input.tactic } }],
        result,
      };
    },
  });
}

import type { ServiceContext } from '../kernel/context';
import { changeTicket } from '../kernel/engine';
import { onTechnique, writeMapping } from './internal/attack-mapping';
import { actorUserId } from './internal/workable';
import type { TechniqueInput } from './schemas';

/** security.addTechnique: a MITRE ATT&CK technique seen in the incident, under the tactic it served. */
export async function addTechnique(ctx: ServiceContext, rawInput: TechniqueInput) {
  const { technique, command } = onTechnique(ctx, rawInput);
  return changeTicket(ctx, {
    ...command,
    decide: (ticket, now, { loaded: already }) => {
      if (already) return { events: [], result: { ...technique, added: false } };
      const row = { ticketId: ticket.id, ...technique, addedById: actorUserId(ctx.actor), addedAt: now };
      return {
        events: [{ type: 'attack.technique_added', payload: { ...technique } }],
        side: { add: row },
        result: { ...technique, added: true },
      };
    },
    apply: (tx, { side }) => writeMapping(tx, side),
  });
}

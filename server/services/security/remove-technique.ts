import type { ServiceContext } from '../kernel/context';
import { changeTicket } from '../kernel/engine';
import { notFound } from '../kernel/errors';
import { onTechnique, writeMapping } from './internal/attack-mapping';
import type { TechniqueInput } from './schemas';

/** security.removeTechnique: takes a technique (under one tactic) off the incident's ATT&CK mapping. */
export async function removeTechnique(ctx: ServiceContext, rawInput: TechniqueInput) {
  const { technique, command } = onTechnique(ctx, rawInput);
  return changeTicket(ctx, {
    ...command,
    decide: (ticket, _now, { loaded: mapped }) => {
      if (!mapped) throw notFound('Technique');
      return {
        events: [{ type: 'attack.technique_removed', payload: { ...technique } }],
        side: { remove: { ticketId: ticket.id, ...technique } },
        result: technique,
      };
    },
    apply: (tx, { side }) => writeMapping(tx, side),
  });
}

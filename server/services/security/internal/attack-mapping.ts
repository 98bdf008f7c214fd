import { and, eq } from 'drizzle-orm';
import type { Reader, Transaction } from '../../../../db/client';
import { attackTechniques } from '../../../../db/schema';
import { normaliseTechniqueId } from '../../../../workflows/security/attack';
import type { ServiceContext } from '../../kernel/context';
import { parseInput } from '../../kernel/parse';
import { type TechniqueInput, techniqueInput } from '../schemas';
import { onWorkableIncident } from './workable';

// The ATT&CK mapping verbs' shared pieces: the technique a command is about, whether the incident maps
// it already (read in its load), and the one writer of the decided change (its apply).

export interface Technique {
  techniqueId: string;
  tactic: TechniqueInput['tactic'];
}

/** The parsed technique, and the command's ticket, gate and load (true: the incident maps it already). */
export function onTechnique(ctx: ServiceContext, rawInput: TechniqueInput) {
  const input = parseInput(techniqueInput, rawInput);
  const technique: Technique = {
    techniqueId: normaliseTechniqueId(input.techniqueId)!, // the schema has checked it
    tactic: input.tactic,
  };
  const command = {
    ...onWorkableIncident(ctx, input.id, 'ATT&CK mapping'),
    load: async (db: Reader, ticket: { id: string }): Promise<boolean> => {
      const [row] = await db
        .select({ techniqueId: attackTechniques.techniqueId })
        .from(attackTechniques)
        .where(mapped(ticket.id, technique));
      return row !== undefined;
    },
  };
  return { technique, command };
}

const mapped = (ticketId: string, technique: Technique) =>
  and(
    eq(attackTechniques.ticketId, ticketId),
    eq(attackTechniques.techniqueId, technique.techniqueId),
    eq(attackTechniques.tactic, technique.tactic),
  );

/** A decided change to the mapping. */
export type MappingWrite =
  | { add: typeof attackTechniques.$inferInsert }
  | { remove: { ticketId: string } & Technique };

export async function writeMapping(tx: Transaction, write: MappingWrite): Promise<Record<string, never>> {
  if ('add' in write) await tx.insert(attackTechniques).values(write.add);
  else await tx.delete(attackTechniques).where(mapped(write.remove.ticketId, write.remove));
  return {};
}

// MITRE ATT&CK technique references on a security incident. Pure: client bundles import this file.
import { z } from 'zod';
import { ATTACK_TACTICS } from './constants';

/** A technique (T1059) or sub-technique (T1059.001) id. */
export const ATTACK_TECHNIQUE_ID = /^T\d{4}(?:\.\d{3})?$/;

/** The id in canonical form (trimmed, uppercase), or null when it is not a technique id. */
export function normaliseTechniqueId(raw: string): string | null {
  const id = raw.trim().toUpperCase();
  return ATTACK_TECHNIQUE_ID.test(id) ? id : null;
}

export const TECHNIQUE_ID_MESSAGE = 'An ATT&CK technique id looks like T1059 or T1059.001';

// No transform, as for observables: services call normaliseTechniqueId for the stored value.
export const attackTechniqueInput = z.object({
  techniqueId: z.string().refine((id) => normaliseTechniqueId(id) !== null, TECHNIQUE_ID_MESSAGE),
  tactic: z.enum(ATTACK_TACTICS),
});
export type AttackTechniqueInput = z.input<typeof attackTechniqueInput>;

/**
 * The technique's page on attack.mitre.org (sub-techniques live under their parent:
 * T1059.001 → /techniques/T1059/001/), or null for an invalid id so a UI can render plain text.
 */
export function attackTechniqueUrl(id: string): string | null {
  const canonical = normaliseTechniqueId(id);
  if (canonical === null) return null;
  return `https://attack.mitre.org/techniques/${canonical.replace('.', '/')}/`;
}

import { eq, inArray } from 'drizzle-orm';
import { businessCalendars, escalationPolicies, slaPolicies } from '../../../db/schema';
import { type SlaTargets, targetCalendarRefs } from '../../../workflows/sla/targets';
import { assertAdminWrite } from '../kernel/authorize-admin';
import type { ServiceContext } from '../kernel/context';
import { conflictOnRace } from '../kernel/db-errors';
import { badRequest, notFound } from '../kernel/errors';
import { fieldErrorsOf, parseInput } from '../kernel/parse';
import { type PolicyInput, policyInput } from './schemas';

/**
 * Creates or updates an SLA policy. Running clocks keep the targets copied when they started (DESIGN
 * §2.4); an admin re-targets a ticket's clocks explicitly with sla.recalculate.
 */
export async function savePolicy(ctx: ServiceContext, rawInput: PolicyInput): Promise<{ id: string }> {
  assertAdminWrite(ctx.actor);
  const input = parseInput(policyInput, rawInput);
  const now = ctx.now();
  return ctx.db
    .transaction(async (tx) => {
      const [calendar] = await tx
        .select({ id: businessCalendars.id })
        .from(businessCalendars)
        .where(eq(businessCalendars.id, input.calendarId));
      if (!calendar) throw badRequest('Invalid input', { calendarId: ['No such calendar'] });
      // A target's own calendar is a reference too: a missing one would be found only when a ticket
      // starts a clock on it.
      const refs = targetCalendarRefs(input.targets as SlaTargets);
      if (refs.length) {
        const named = [...new Set(refs.map((ref) => ref.calendarId))];
        const found = await tx
          .select({ id: businessCalendars.id })
          .from(businessCalendars)
          .where(inArray(businessCalendars.id, named));
        // On each target that names a missing calendar, keyed as the schema's own issues are.
        const missing = refs
          .filter((ref) => !found.some((row) => row.id === ref.calendarId.toLowerCase()))
          .map((ref) => ({
            path: ['targets', ...ref.path],
            message: `No business calendar has the id ${ref.calendarId}`,
          }));
        if (missing.length) throw badRequest('Invalid input', fieldErrorsOf(missing));
      }
      if (input.escalationPolicyId) {
        const [escalation] = await tx
          .select({ id: escalationPolicies.id })
          .from(escalationPolicies)
          .where(eq(escalationPolicies.id, input.escalationPolicyId));
        if (!escalation)
          throw badRequest('Invalid input', { escalationPolicyId: ['No such escalation policy'] });
      }
      const values = {
        name: input.name,
        calendarId: input.calendarId,
        targets: input.targets,
        warnThresholds: input.warnThresholds,
        // Left out: keep the policy's escalation (an older client must not detach it); null: none.
        ...(input.escalationPolicyId !== undefined ? { escalationPolicyId: input.escalationPolicyId } : {}),
        updatedAt: now,
      };
      if (input.id) {
        const [row] = await tx
          .update(slaPolicies)
          .set(values)
          .where(eq(slaPolicies.id, input.id))
          .returning({ id: slaPolicies.id });
        if (!row) throw notFound('SLA policy');
        return row;
      }
      const [row] = await tx
        .insert(slaPolicies)
        .values({ ...values, createdAt: now })
        .returning({ id: slaPolicies.id });
      return row!;
    })
    .catch(conflictOnRace);
}

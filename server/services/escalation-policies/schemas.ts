// Zod schema for escalation policies (DESIGN §2.5), shared by the tRPC router, the service and the admin
// form. The rules are workflows/escalation/policy.ts's own validator, whose issues carry the path of their
// field in this same shape (['levels', 0, 'trigger', 'percent']). Drizzle-free: the client editor imports it.
import { z } from 'zod';
import {
  ESCALATION_ACTIONS,
  ESCALATION_TARGET_KINDS,
  ESCALATION_TRIGGER_KINDS,
  type EscalationLevel,
  type EscalationTrigger,
  validateEscalationPolicy,
} from '../../../workflows/escalation/policy';
import { SLA_METRICS } from '../../../workflows/sla/constants';
import { lineText } from '../kernel/schema-parts';

/** The teams a `team` target may name (escalation-facts.ts resolves each to its role). */
export const ESCALATION_TEAMS = ['noc', 'soc'] as const;
/** Roles a `role` target may name: customers are never escalated to. */
export const ESCALATION_TARGET_ROLES = ['admin', 'manager', 'noc_engineer', 'soc_analyst'] as const;
export const MAX_ESCALATION_TARGETS = 20;

// A cleared number field arrives as NaN: let it through to the validator, which names the allowed range,
// instead of failing the type check (which would also hide every other problem until it is fixed).
const count = z.union([z.number(), z.nan()]);

const triggerInput = z.object({
  kind: z.enum(ESCALATION_TRIGGER_KINDS, 'Choose a trigger'),
  /** clock_percent and clock_breached. */
  metric: z.enum(SLA_METRICS, 'Choose a clock').optional(),
  /** clock_percent. */
  percent: count.optional(),
  /** unacknowledged. */
  minutes: count.optional(),
});

const targetInput = z.object({
  kind: z.enum(ESCALATION_TARGET_KINDS, 'Choose a target kind'),
  /** A user id, a team ('noc' | 'soc') or a role name. */
  id: lineText().max(100),
});

const levelInput = z.object({
  trigger: triggerInput,
  targets: z.array(targetInput).max(MAX_ESCALATION_TARGETS, `At most ${MAX_ESCALATION_TARGETS} targets`),
  actions: z.array(z.enum(ESCALATION_ACTIONS, 'Unknown action')),
});

/** Only the parameters of the chosen trigger kind are stored (the form keeps all of them while editing). */
function storedTrigger(trigger: z.output<typeof triggerInput>): EscalationTrigger {
  switch (trigger.kind) {
    case 'clock_percent':
      return { kind: 'clock_percent', metric: trigger.metric!, percent: trigger.percent! };
    case 'clock_breached':
      return { kind: 'clock_breached', metric: trigger.metric! };
    case 'unacknowledged':
      return { kind: 'unacknowledged', minutes: trigger.minutes! };
  }
}

export const escalationPolicyInput = z
  .object({
    id: z.uuid().optional(),
    name: lineText().min(1, 'Name the escalation policy').max(100),
    levels: z.array(levelInput),
    repeat: count,
  })
  .superRefine((policy, ctx) => {
    for (const { path, message } of validateEscalationPolicy({
      levels: policy.levels,
      repeat: policy.repeat,
    }))
      ctx.addIssue({ code: 'custom', message, path });
    // Beyond the structural rules: targets that would silently reach nobody.
    policy.levels.forEach((level, l) => {
      level.targets.forEach((target, t) => {
        const path = ['levels', l, 'targets', t, 'id'];
        if (
          target.kind === 'team' &&
          target.id &&
          !(ESCALATION_TEAMS as readonly string[]).includes(target.id)
        )
          ctx.addIssue({ code: 'custom', message: `Choose a team (${ESCALATION_TEAMS.join(', ')})`, path });
        if (target.kind === 'role' && target.id === 'customer')
          ctx.addIssue({ code: 'custom', message: 'Customers are never escalation targets', path });
      });
    });
  })
  .transform((policy): { id?: string; name: string; levels: EscalationLevel[]; repeat: number } => ({
    id: policy.id,
    name: policy.name,
    levels: policy.levels.map((level) => ({
      trigger: storedTrigger(level.trigger),
      targets: level.targets.map((target) => ({ kind: target.kind, id: target.id })),
      actions: level.actions,
    })),
    repeat: policy.repeat,
  }));
export type EscalationPolicyInput = z.input<typeof escalationPolicyInput>;

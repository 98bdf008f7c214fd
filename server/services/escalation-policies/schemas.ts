// Zod schema for escalation policies (DESIGN §2.5), shared by the tRPC router, the service and the admin
// form. The rules are workflows/escalation/policy.ts's own validator; this file only gives its messages a
// field to sit under. Drizzle-free: the client editor imports it.
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

const LEVEL = /^Level (\d+)(?:, target #(\d+))?: (.*)$/;

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Where a validateEscalationPolicy message belongs in the form, and the message to show there (without
 * its "Level n:" prefix, since it sits inside that level). Unplaceable messages go to the form root.
 */
export function placeEscalationMessage(message: string): { path: (string | number)[]; message: string } {
  if (message.startsWith('repeat ')) return { path: ['repeat'], message: capitalised(message) };
  const match = LEVEL.exec(message);
  if (!match) return { path: message.includes('level') ? ['levels'] : [], message };
  const level = Number(match[1]) - 1;
  const text = match[3]!;
  const shown = capitalised(text);
  if (match[2]) {
    const target = Number(match[2]) - 1;
    if (text.startsWith('kind '))
      return { path: ['levels', level, 'targets', target, 'kind'], message: shown };
    // "id must be a non-empty string": in the form, an unchosen user.
    const chosen = text.startsWith('id ') ? 'Choose who this target is.' : shown;
    return { path: ['levels', level, 'targets', target, 'id'], message: chosen };
  }
  if (text.startsWith('metric ')) return { path: ['levels', level, 'trigger', 'metric'], message: shown };
  if (text.startsWith('percent ')) return { path: ['levels', level, 'trigger', 'percent'], message: shown };
  if (text.startsWith('minutes ')) return { path: ['levels', level, 'trigger', 'minutes'], message: shown };
  if (text.startsWith('trigger ')) return { path: ['levels', level, 'trigger', 'kind'], message: shown };
  // Before targets: "reassign needs a user or team target" is about the chosen actions.
  if (text.includes('action') || text.startsWith('reassign '))
    return { path: ['levels', level, 'actions'], message: shown };
  if (text.includes('target')) return { path: ['levels', level, 'targets'], message: shown };
  return { path: ['levels', level], message: shown };
}

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
    for (const message of validateEscalationPolicy({ levels: policy.levels, repeat: policy.repeat })) {
      const placed = placeEscalationMessage(message);
      ctx.addIssue({ code: 'custom', message: placed.message, path: placed.path });
    }
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

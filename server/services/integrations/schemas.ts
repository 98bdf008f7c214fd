// Zod schemas for integrations, shared by the tRPC router, the services and the admin form. Drizzle-free.
import { z } from 'zod';
import {
  FLAP_THRESHOLD_MAX,
  GROUPING_MAX_MINUTES,
  HEARTBEAT_GRACE_MAX_MINUTES,
  HEARTBEAT_INTERVAL_MAX_MINUTES,
  INTEGRATION_KINDS,
  RATE_LIMIT_MAX_PER_MINUTE,
  REOPEN_WINDOW_MAX_MINUTES,
  RESOLVE_BEHAVIOURS,
} from '../../../workflows/integrations/constants';
import { DEFAULT_ROUTING_RULES, routingRules } from '../../../workflows/integrations/routing';
import { lineText } from '../kernel/schema-parts';

const minutesUpTo = (max: number, min: number) =>
  z
    .number('Enter minutes')
    .int('Whole minutes')
    .min(min, `At least ${min}`)
    .max(max, `At most ${max} minutes (a day)`);

export const createIntegrationInput = z
  .object({
    organisationId: z.uuid('Choose an organisation'),
    kind: z.enum(INTEGRATION_KINDS, 'Choose the kind of source'),
    name: lineText().min(1, 'Give the integration a name').max(100, 'At most 100 characters'),
    defaultServiceId: z.uuid('Choose the service its alerts affect'),
    routingRules: routingRules.default(DEFAULT_ROUTING_RULES),
    resolveBehaviour: z.enum(RESOLVE_BEHAVIOURS).default('monitoring'),
    reopenWindowMinutes: z
      .number('Enter minutes')
      .int('Whole minutes')
      .min(0, 'At least 0')
      .max(REOPEN_WINDOW_MAX_MINUTES, `At most ${REOPEN_WINDOW_MAX_MINUTES} minutes (a week)`)
      .default(60),
    rateLimitPerMinute: z
      .number('Enter a number of requests')
      .int('A whole number')
      .min(1, 'At least 1')
      .max(RATE_LIMIT_MAX_PER_MINUTE, `At most ${RATE_LIMIT_MAX_PER_MINUTE}`)
      .default(600),
    // Alert grouping and flapping (issue #14); the defaults keep grouping unbounded and flapping off.
    groupingWindowMinutes: minutesUpTo(GROUPING_MAX_MINUTES, 0).default(0),
    groupMaxLifeMinutes: minutesUpTo(GROUPING_MAX_MINUTES, 0).default(0),
    flapThreshold: z
      .number('Enter a number of fires')
      .int('A whole number')
      .min(0, 'At least 0 (0: never flaps)')
      .max(FLAP_THRESHOLD_MAX, `At most ${FLAP_THRESHOLD_MAX}`)
      .default(0),
    flapWindowMinutes: minutesUpTo(GROUPING_MAX_MINUTES, 1).default(60),
    // Heartbeat monitors: the ping expected every N minutes (required for them, refused for the others).
    heartbeatIntervalMinutes: z
      .number('Enter minutes')
      .int('Whole minutes')
      .min(1, 'At least 1 minute')
      .max(HEARTBEAT_INTERVAL_MAX_MINUTES, `At most ${HEARTBEAT_INTERVAL_MAX_MINUTES} minutes (a week)`)
      .optional(),
    heartbeatGraceMinutes: z
      .number('Enter minutes')
      .int('Whole minutes')
      .min(0, 'At least 0')
      .max(HEARTBEAT_GRACE_MAX_MINUTES, `At most ${HEARTBEAT_GRACE_MAX_MINUTES} minutes (a day)`)
      .default(0),
  })
  .superRefine((input, ctx) => {
    const heartbeat = input.kind === 'heartbeat';
    if (heartbeat && input.heartbeatIntervalMinutes === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['heartbeatIntervalMinutes'],
        message: 'How often does it ping?',
      });
    if (!heartbeat && input.heartbeatIntervalMinutes !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['heartbeatIntervalMinutes'],
        message: 'Only heartbeat monitors have an interval',
      });
  });
export type CreateIntegrationInput = z.input<typeof createIntegrationInput>;

export const listIntegrationsInput = z.object({ organisationId: z.uuid().optional() });
export type ListIntegrationsInput = z.input<typeof listIntegrationsInput>;

export const integrationIdInput = z.object({ id: z.uuid() });
export type IntegrationIdInput = z.input<typeof integrationIdInput>;

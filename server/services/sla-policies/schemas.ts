// Zod schemas for SLA administration, shared by the tRPC routers, the services and the admin forms.
import { z } from 'zod';
import { type BusinessCalendar, validateCalendar } from '../../../workflows/sla/calendar';
import {
  CLOCK_TIME_PATTERN,
  DEFAULT_WARN_THRESHOLDS,
  LOCAL_DATE_PATTERN,
  type Weekday,
} from '../../../workflows/sla/constants';
import { validateSlaTargets } from '../../../workflows/sla/targets';
import { lineText } from '../kernel/schema-parts';

const weeklyInterval = z.object({
  // A whole number 0–6 on the way in (forms send numbers), a Weekday once checked.
  day: z
    .number()
    .int()
    .min(0)
    .max(6)
    .transform((d) => d as Weekday),
  start: z.string().regex(CLOCK_TIME_PATTERN, 'Use HH:MM'),
  end: z.string().regex(CLOCK_TIME_PATTERN, 'Use HH:MM'),
});

export const calendarInput = z
  .object({
    id: z.uuid().optional(),
    name: lineText().min(1, 'Name the calendar').max(100),
    timeZone: lineText().min(1, 'Choose a time zone').max(64),
    weekly: z.array(weeklyInterval).min(1, 'Add at least one working interval').max(60),
    holidays: z.array(z.string().regex(LOCAL_DATE_PATTERN, 'Use YYYY-MM-DD')).max(500).default([]),
    holidayPreset: z
      .object({
        country: z
          .string()
          .trim()
          .regex(/^[A-Za-z]{2}$/, 'A two-letter country code'),
        state: lineText().max(20).optional(),
        region: lineText().max(40).optional(),
      })
      .nullish(),
  })
  .superRefine((calendar, ctx) => {
    // The same rules the SLA maths relies on: known zone, valid and non-overlapping intervals.
    const asCalendar = {
      ...calendar,
      holidayPreset: calendar.holidayPreset ?? undefined,
    } as BusinessCalendar;
    // Each problem at its own path (['weekly', 2, 'end']), as the validator reports it.
    for (const { path, message } of validateCalendar(asCalendar))
      ctx.addIssue({ code: 'custom', message, path });
  });
export type CalendarInput = z.input<typeof calendarInput>;

export const policyInput = z
  .object({
    id: z.uuid().optional(),
    name: lineText().min(1, 'Name the policy').max(100),
    calendarId: z.uuid('Choose a business calendar'),
    /** Shape and rules: workflows/sla/targets.ts. */
    targets: z.record(z.string(), z.unknown()),
    warnThresholds: z
      .array(z.number().int().min(1, 'Between 1 and 99 %').max(99, 'Between 1 and 99 %'))
      .max(5)
      .default([...DEFAULT_WARN_THRESHOLDS]),
    escalationPolicyId: z.uuid().nullish(),
  })
  .superRefine((policy, ctx) => {
    for (const { path, message } of validateSlaTargets(policy.targets))
      ctx.addIssue({ code: 'custom', message, path: ['targets', ...path] });
  })
  .transform((policy) => ({
    ...policy,
    warnThresholds: [...new Set(policy.warnThresholds)].sort((a, b) => a - b),
  }));
export type PolicyInput = z.input<typeof policyInput>;

export const attachPolicyInput = z.object({ organisationId: z.uuid(), policyId: z.uuid().nullable() });
export type AttachPolicyInput = z.input<typeof attachPolicyInput>;

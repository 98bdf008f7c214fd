import { z } from 'zod';
import { GO_ZERO_TIME, instantText, parseInstant } from './instant';
import type { AlertFacts } from './routing';

// Prometheus Alertmanager's webhook payload, version "4" (its webhook receiver documentation). Unknown
// fields are ignored, as Alertmanager adds fields over time; known fields must have their documented types.

/** At most this many alerts in one delivery (Alertmanager's max_alerts cuts groups; it says how many in truncatedAlerts). */
export const MAX_ALERTS_PER_DELIVERY = 1000;

const labelSet = z
  .record(z.string().max(1024, 'Label names are at most 1024 characters'), z.string().max(16_384, 'Too long'))
  .refine((labels) => Object.keys(labels).length <= 200, 'At most 200 labels');

const ALERT_STATUSES = ['firing', 'resolved'] as const;

export const alertmanagerAlert = z.object({
  status: z.enum(ALERT_STATUSES),
  labels: labelSet,
  annotations: labelSet.default({}),
  startsAt: instantText(),
  /** Go's zero time (`0001-01-01T00:00:00Z`) while firing. */
  endsAt: z.string().max(64).default(GO_ZERO_TIME),
  generatorURL: z.string().max(4096).default(''),
  fingerprint: z.string().trim().min(1, 'Required').max(255, 'At most 255 characters'),
});
export type AlertmanagerAlert = z.output<typeof alertmanagerAlert>;

export const alertmanagerPayload = z.object({
  version: z.literal('4', 'Only webhook payload version "4" is understood'),
  groupKey: z.string().min(1, 'Required').max(8192, 'Too long'),
  truncatedAlerts: z.number().int().min(0).default(0),
  status: z.enum(ALERT_STATUSES),
  receiver: z.string().max(1024).default(''),
  groupLabels: labelSet.default({}),
  commonLabels: labelSet.default({}),
  commonAnnotations: labelSet.default({}),
  externalURL: z.string().max(4096).default(''),
  alerts: z
    .array(alertmanagerAlert)
    .max(MAX_ALERTS_PER_DELIVERY, `At most ${MAX_ALERTS_PER_DELIVERY} alerts`),
});
export type AlertmanagerPayload = z.output<typeof alertmanagerPayload>;

/** When a resolved alert ended (its endsAt), if it says. */
export function alertEndedAt(alert: AlertmanagerAlert): Date | null {
  return alert.endsAt === GO_ZERO_TIME ? null : parseInstant(alert.endsAt);
}

/** What routing rules see of an alert: the group's common labels under the alert's own. */
export function alertmanagerFacts(payload: AlertmanagerPayload, alert: AlertmanagerAlert): AlertFacts {
  return { ...payload.commonLabels, ...alert.labels };
}

/** The alert's one-line summary: its summary annotation, the group's, or its name. */
export function alertmanagerSummary(payload: AlertmanagerPayload, alert: AlertmanagerAlert): string {
  return (
    alert.annotations.summary ??
    payload.commonAnnotations.summary ??
    alert.labels.alertname ??
    payload.groupLabels.alertname ??
    `Alert ${alert.fingerprint}`
  );
}

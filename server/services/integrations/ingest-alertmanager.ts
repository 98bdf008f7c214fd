import type { Integration } from '../../../db/schema';
import {
  alertEndedAt,
  alertmanagerFacts,
  alertmanagerPayload,
  alertmanagerSummary,
} from '../../../workflows/integrations/alertmanager';
import { labelLines } from '../../../workflows/integrations/ticket-fields';
import type { ServiceContext } from '../kernel/context';
import { parseInput } from '../kernel/parse';
import type { IncomingAlert } from './internal/alerts';
import { applyAlerts } from './internal/apply';
import { assertIngests, type Delivered, deliver } from './internal/deliver';

/**
 * Alertmanager's webhook (payload version "4"): each alert tracked by its fingerprint; a group's alerts on
 * one ticket, a timeline entry each; repeats of the group change nothing; resolved alerts recover, and the
 * ticket moves on once none fires (integration setting); a firing group whose ticket resolved within the
 * reopen window reopens it. `truncatedAlerts` is recorded with the delivery.
 */
export async function ingestAlertmanager(
  ctx: ServiceContext,
  integration: Integration,
  raw: unknown,
): Promise<Delivered & { truncatedAlerts: number }> {
  assertIngests(ctx, integration, 'alertmanager');
  const payload = parseInput(alertmanagerPayload, raw);
  const groupSummary = payload.commonAnnotations.summary;
  const alerts: IncomingAlert[] = payload.alerts.map((alert) => {
    const summary = alertmanagerSummary(payload, alert);
    const ended = alertEndedAt(alert);
    return {
      key: alert.fingerprint,
      groupKey: payload.groupKey,
      status: alert.status,
      summary,
      ticketSummary: groupSummary ?? summary,
      labels: alert.labels,
      annotations: alert.annotations,
      details: {
        generatorURL: alert.generatorURL,
        externalURL: payload.externalURL,
        ...(ended ? { endsAt: ended.toISOString() } : {}),
      },
      startsAt: alert.startsAt,
      facts: alertmanagerFacts(payload, alert),
      description: [
        alert.annotations.description ?? '',
        '',
        `Alertmanager group ${payload.groupKey}`,
        ...labelLines(alert.labels),
        ...(alert.generatorURL ? ['', alert.generatorURL] : []),
      ],
    };
  });
  const delivered = await deliver(
    ctx,
    integration,
    'alertmanager',
    { groupKey: payload.groupKey, alertCount: alerts.length, truncatedAlerts: payload.truncatedAlerts },
    (scope) => applyAlerts(scope, alerts),
  );
  return { ...delivered, truncatedAlerts: payload.truncatedAlerts };
}

import type { Integration } from '../../../../db/schema';
import { HEARTBEAT_ALERT_KEY } from '../../../../workflows/integrations/constants';
import { missedHeartbeatText } from '../../../../workflows/integrations/heartbeat';
import type { IncomingAlert } from './alerts';

/**
 * A heartbeat's one alert: firing while its pings are missing, resolved when they resume. Through the
 * alert path (applyAlerts), so it opens, repeats, reopens, recovers and respects maintenance as any alert.
 */
export function heartbeatAlert(
  integration: Integration,
  status: 'firing' | 'resolved',
  lastHeard: Date,
): IncomingAlert {
  const settings = {
    heartbeatIntervalMinutes: integration.heartbeatIntervalMinutes ?? 0,
    heartbeatGraceMinutes: integration.heartbeatGraceMinutes,
  };
  const text = missedHeartbeatText(integration.name, settings, lastHeard);
  return {
    key: HEARTBEAT_ALERT_KEY,
    groupKey: HEARTBEAT_ALERT_KEY,
    status,
    summary: status === 'firing' ? text.summary : `Heartbeat resumed: ${integration.name}`,
    ticketSummary: text.summary,
    labels: { source: 'heartbeat' },
    annotations: {},
    details: { lastPingAt: lastHeard.toISOString() },
    startsAt: lastHeard,
    facts: { source: 'heartbeat', severity: 'critical' },
    description: text.description,
  };
}

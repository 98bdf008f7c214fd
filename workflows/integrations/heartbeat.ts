// Heartbeat monitors (issue #14): a source that promises a ping every interval. Pure: time is a parameter.
// A ping moves the deadline to ping + interval + grace; past the deadline the scheduler reports the
// heartbeat missing (an outage on the integration's default service, as a firing alert), and the next
// ping recovers it (the alert resolves, the ticket walks on as its resolve behaviour says).

import { HEARTBEAT_ALERT_KEY } from './constants';

const MINUTE = 60_000;

export interface HeartbeatSettings {
  heartbeatIntervalMinutes: number;
  heartbeatGraceMinutes: number;
}

/** When a heartbeat last heard at `from` (a ping, or its creation) is overdue. */
export function heartbeatDueAt(settings: HeartbeatSettings, from: Date): Date {
  return new Date(
    from.getTime() + (settings.heartbeatIntervalMinutes + settings.heartbeatGraceMinutes) * MINUTE,
  );
}

/** What the missed heartbeat's alert says (its ticket's summary and description). */
export function missedHeartbeatText(
  name: string,
  settings: HeartbeatSettings,
  lastHeard: Date,
): { summary: string; description: string[] } {
  return {
    summary: `Heartbeat missed: ${name}`,
    description: [
      `No ping from "${name}" since ${lastHeard.toISOString()}.`,
      `It pings every ${settings.heartbeatIntervalMinutes} min (grace ${settings.heartbeatGraceMinutes} min).`,
    ],
  };
}

export { HEARTBEAT_ALERT_KEY };

// The outbound webhook retry policy (issue #14), pure: the schedule, its jitter from an injected random,
// and when an endpoint has failed long enough to be switched off.

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * The wait after each failed attempt (Standard Webhooks' suggested schedule): after the 1st failure 5 s,
 * then 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. The attempt after the last wait is the final one: 8 attempts
 * over about 27.6 hours.
 */
export const RETRY_SCHEDULE_MS = [
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  10 * HOUR,
] as const;

export const MAX_ATTEMPTS = RETRY_SCHEDULE_MS.length + 1;

/** ±10 % around each wait, so that the deliveries that failed together do not all come back together. */
export const JITTER = 0.1;

/**
 * When the next attempt is due after `attempts` attempts have failed, or null when that was the last.
 * `random` is in [0, 1) (Math.random in production; a constant in tests: 0.5 means no jitter).
 */
export function nextAttemptAt(attempts: number, now: Date, random: () => number): Date | null {
  if (attempts < 1) return now;
  const base = RETRY_SCHEDULE_MS[attempts - 1];
  if (base === undefined) return null;
  const factor = 1 + JITTER * (2 * random() - 1);
  return new Date(now.getTime() + Math.round(base * factor));
}

/**
 * An endpoint is switched off when one of its messages ran out of attempts while nothing succeeded in
 * between: at least MAX_ATTEMPTS failures in a row, spanning the whole schedule (more than a day). A brief
 * outage that fails many messages at once costs failures, never the endpoint: only a message whose
 * schedule is exhausted can disable it.
 */
export function shouldDisableEndpoint(consecutiveFailures: number, deliveryExhausted: boolean): boolean {
  return deliveryExhausted && consecutiveFailures >= MAX_ATTEMPTS;
}

/** The disabled reason the admin reads. */
export function autoDisabledReason(consecutiveFailures: number): string {
  return `Disabled automatically after ${consecutiveFailures} failed attempts in a row`;
}

/** 2xx is delivered; everything else (3xx too: redirects are not followed) is a failure. */
export const isDelivered = (status: number | null): boolean =>
  status !== null && status >= 200 && status < 300;

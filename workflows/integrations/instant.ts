import { z } from 'zod';

// Alert sources write instants as RFC 3339 with any fraction (Alertmanager: nanoseconds) and Events v2
// clients often as ISO 8601 with a colon-less offset (`+0000`). Both are accepted; the fraction is cut to
// milliseconds, which is all a Date holds.
const INSTANT = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:?\d{2})$/;

/** Alertmanager's "no end yet" (`endsAt` of a firing alert): Go's zero time. */
export const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

export function parseInstant(text: string): Date | null {
  const m = INSTANT.exec(text);
  if (!m) return null;
  const fraction = (m[3] ?? '').slice(0, 3).padEnd(3, '0');
  const offset = m[4]!.toUpperCase() === 'Z' ? 'Z' : `${m[4]!.slice(0, 3)}:${m[4]!.slice(-2)}`;
  const date = new Date(`${m[1]}T${m[2]}.${fraction}${offset}`);
  return Number.isNaN(date.getTime()) ? null : date;
}

export const instantText = () =>
  z
    .string()
    .max(64, 'Not a timestamp')
    .transform((text, ctx) => {
      const date = parseInstant(text);
      if (!date) {
        ctx.addIssue({ code: 'custom', message: 'Expected an RFC 3339 timestamp' });
        return z.NEVER;
      }
      return date;
    });

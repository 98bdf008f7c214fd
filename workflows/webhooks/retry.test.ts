import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isDelivered,
  JITTER,
  MAX_ATTEMPTS,
  nextAttemptAt,
  RETRY_SCHEDULE_MS,
  shouldDisableEndpoint,
} from './retry';

const NOW = new Date('2026-12-04T00:00:00.000Z');
const noJitter = () => 0.5;

describe('webhook retry schedule', () => {
  it('waits 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then gives up', () => {
    const waits = RETRY_SCHEDULE_MS.map(
      (_, i) => nextAttemptAt(i + 1, NOW, noJitter)!.getTime() - NOW.getTime(),
    );
    expect(waits).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect(nextAttemptAt(MAX_ATTEMPTS, NOW, noJitter)).toBeNull();
    expect(MAX_ATTEMPTS).toBe(8);
  });

  it('keeps the jitter within ±10 % of each wait', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: RETRY_SCHEDULE_MS.length }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (n, r) => {
          const wait = nextAttemptAt(n, NOW, () => r)!.getTime() - NOW.getTime();
          const base = RETRY_SCHEDULE_MS[n - 1]!;
          expect(wait).toBeGreaterThanOrEqual(Math.floor(base * (1 - JITTER)));
          expect(wait).toBeLessThanOrEqual(Math.ceil(base * (1 + JITTER)));
        },
      ),
    );
    expect(nextAttemptAt(1, NOW, () => 0)!.getTime() - NOW.getTime()).toBe(4_500);
  });

  it('disables an endpoint only when a message exhausted its schedule with nothing delivered between', () => {
    expect(shouldDisableEndpoint(MAX_ATTEMPTS, true)).toBe(true);
    expect(shouldDisableEndpoint(MAX_ATTEMPTS - 1, true)).toBe(false);
    // Many messages failing at once during a short outage: failures, but no message is out of attempts.
    expect(shouldDisableEndpoint(500, false)).toBe(false);
  });

  it('counts only 2xx as delivered', () => {
    expect([200, 204, 299].every(isDelivered)).toBe(true);
    expect([null, 199, 301, 404, 500].some(isDelivered)).toBe(false);
  });
});

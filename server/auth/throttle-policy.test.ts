import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_LIMITS,
  currentState,
  decideAttempt,
  lockDurationMs,
  type ThrottleState,
  takeBack,
} from './throttle-policy';

const MINUTE = 60_000;
const t0 = new Date('2026-11-02T09:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

/** Runs attempts at the given offsets, returning each decision and the state after. */
function run(offsets: number[], start: ThrottleState | null = null) {
  let state = start;
  return offsets.map((offset) => {
    const decision = decideAttempt(state, at(offset), ACCOUNT_LIMITS);
    if (decision.allowed) state = decision.next;
    return { decision, state: state! };
  });
}

describe('sign-in throttle policy', () => {
  it('lets five attempts through, the fifth locking for a minute, then doubles up to fifteen minutes', () => {
    expect(
      [1, 4, 5, 6, 7, 8, 9, 10, 50, 10_000].map((n) => lockDurationMs(n, ACCOUNT_LIMITS) / MINUTE),
    ).toEqual([0, 0, 1, 2, 4, 8, 15, 15, 15, 15]);
    const steps = run([0, 1, 2, 3, 4]);
    expect(steps.map((s) => s.decision.allowed)).toEqual([true, true, true, true, true]);
    expect(steps.map((s) => (s.decision.allowed ? s.decision.locks : null))).toEqual([
      null,
      null,
      null,
      null,
      at(4 + MINUTE),
    ]);
  });

  it('refuses while locked without counting, so hammering a locked key does not extend the lock', () => {
    const [, , , , fifth] = run([0, 0, 0, 0, 0]);
    let state = fifth!.state;
    for (let s = 1; s < 60; s++) {
      const refused = decideAttempt(state, at(s * 1000), ACCOUNT_LIMITS);
      expect(refused).toEqual({ allowed: false, retryAfterMs: MINUTE - s * 1000 });
    }
    expect(state.failures).toBe(5);
    const sixth = decideAttempt(state, at(MINUTE), ACCOUNT_LIMITS);
    expect(sixth.allowed && sixth.locks).toEqual(at(3 * MINUTE));
    if (sixth.allowed) state = sixth.next;
    expect(state.failures).toBe(6);
  });

  it('forgets a streak after fifteen quiet minutes, counted from the end of its lock', () => {
    const [, , , , fifth] = run([0, 0, 0, 0, 0]);
    const locked = fifth!.state;
    expect(currentState(locked, at(MINUTE + 15 * MINUTE - 1), ACCOUNT_LIMITS).failures).toBe(5);
    expect(currentState(locked, at(MINUTE + 15 * MINUTE), ACCOUNT_LIMITS).failures).toBe(0);
  });

  it('takes back an attempt and lifts only the lock that attempt set', () => {
    const steps = run([0, 0, 0, 0, 0]);
    const fifth = steps[4]!;
    if (!fifth.decision.allowed) throw new Error('allowed expected');
    const back = takeBack(fifth.state, fifth.decision, at(1));
    expect(back.failures).toBe(4);
    expect(back.lockedUntil).toBeNull();
    // A later attempt re-locked the key: taking back the earlier one leaves that lock.
    const relocked = { ...fifth.state, lockedUntil: at(10 * MINUTE) };
    expect(takeBack(relocked, fifth.decision, at(1)).lockedUntil).toEqual(at(10 * MINUTE));
  });
});

import { describe, expect, it } from 'vitest';
import { eventGroupKey, flapWindowStart, isFlapping, joinsGroup } from './grouping';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 4, 3, 0) + minute * 60_000);

describe('joinsGroup', () => {
  const policy = { groupingWindowMinutes: 10, groupMaxLifeMinutes: 30 };
  it('joins while the group was heard within the window and is younger than its max life', () => {
    expect(joinsGroup(policy, { lastSeenAt: at(0), openedAt: at(0) }, at(10))).toBe(true);
    expect(joinsGroup(policy, { lastSeenAt: at(20), openedAt: at(0) }, at(29))).toBe(true);
  });
  it('opens anew once the window has passed', () => {
    expect(joinsGroup(policy, { lastSeenAt: at(0), openedAt: at(0) }, at(11))).toBe(false);
  });
  it('opens anew once the group reached its max life, however recent its last alert', () => {
    expect(joinsGroup(policy, { lastSeenAt: at(29), openedAt: at(0) }, at(30))).toBe(false);
  });
  it('without limits (0) always joins, as before', () => {
    const none = { groupingWindowMinutes: 0, groupMaxLifeMinutes: 0 };
    expect(joinsGroup(none, { lastSeenAt: at(0), openedAt: at(0) }, at(100_000))).toBe(true);
  });
});

describe('isFlapping', () => {
  const policy = { flapThreshold: 4, flapWindowMinutes: 30 };
  it('flaps on the fire beyond the threshold within the window', () => {
    expect(isFlapping(policy, [at(0), at(5), at(10)], at(15))).toBe(false);
    expect(isFlapping(policy, [at(0), at(5), at(10), at(15)], at(20))).toBe(true);
  });
  it('fires outside the window do not count', () => {
    expect(isFlapping(policy, [at(0), at(5), at(10), at(15)], at(36))).toBe(false);
    expect(flapWindowStart(policy, at(36))).toEqual(at(6));
  });
  it('a threshold of 0 never flaps', () => {
    expect(isFlapping({ flapThreshold: 0, flapWindowMinutes: 30 }, [at(0), at(1), at(2)], at(3))).toBe(false);
  });
});

describe('eventGroupKey', () => {
  const on = { groupingWindowMinutes: 10, groupMaxLifeMinutes: 0 };
  it('groups by payload.group and component only with a window set', () => {
    expect(eventGroupKey('k', { group: 'db', component: 'disk' }, on)).toBe(
      eventGroupKey('j', { group: 'db', component: 'disk' }, on),
    );
    expect(eventGroupKey('k', { group: 'db', component: 'disk' }, on)).not.toBe(
      eventGroupKey('k', { group: 'db', component: 'cpu' }, on),
    );
    expect(eventGroupKey('k', { component: 'disk' }, on)).toBe('k');
    expect(eventGroupKey('k', { group: 'db' }, { ...on, groupingWindowMinutes: 0 })).toBe('k');
  });
});

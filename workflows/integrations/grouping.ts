// Alert grouping window and flapping (issue #14). Pure: the clock is a parameter.

const MINUTE = 60_000;

export interface GroupingPolicy {
  /** The group's last alert must be this recent for a new one to join; 0: no limit. */
  groupingWindowMinutes: number;
  /** The group's ticket must be this young for a new alert to join; 0: no limit. */
  groupMaxLifeMinutes: number;
}

/**
 * Whether a new alert joins its group's open ticket: the group was last heard within the window and its
 * ticket (opened when the group was) is younger than the max life. Otherwise it opens a ticket of its own.
 */
export function joinsGroup(
  policy: GroupingPolicy,
  group: { lastSeenAt: Date; openedAt: Date },
  now: Date,
): boolean {
  const t = now.getTime();
  if (
    policy.groupingWindowMinutes > 0 &&
    t - group.lastSeenAt.getTime() > policy.groupingWindowMinutes * MINUTE
  )
    return false;
  if (policy.groupMaxLifeMinutes > 0 && t - group.openedAt.getTime() >= policy.groupMaxLifeMinutes * MINUTE)
    return false;
  return true;
}

export interface FlapPolicy {
  /** Fires (this one included) beyond which an alert flaps; 0: never. */
  flapThreshold: number;
  flapWindowMinutes: number;
}

/** Since when earlier fires count towards flapping (fires at or after it). */
export function flapWindowStart(policy: FlapPolicy, now: Date): Date {
  return new Date(now.getTime() - policy.flapWindowMinutes * MINUTE);
}

/**
 * An alert firing now flaps when it has fired more than the threshold times within the flap window, this
 * fire included (`earlierFires`: when it fired before; those outside the window do not count).
 */
export function isFlapping(policy: FlapPolicy, earlierFires: readonly Date[], now: Date): boolean {
  if (policy.flapThreshold <= 0) return false;
  const since = flapWindowStart(policy, now).getTime();
  const fires = earlierFires.filter((d) => d.getTime() >= since && d.getTime() <= now.getTime()).length + 1;
  return fires > policy.flapThreshold;
}

/**
 * The group of an Events v2 trigger: with a grouping window set and a `payload.group`, triggers of one
 * group and component share a ticket; otherwise each dedup key is a group of its own (as before).
 */
export function eventGroupKey(
  dedupKey: string,
  payload: { group?: string | undefined; component?: string | undefined },
  policy: GroupingPolicy,
): string {
  if (policy.groupingWindowMinutes <= 0 || !payload.group) return dedupKey;
  return `events-v2-group\n${payload.group}\n${payload.component ?? ''}`;
}

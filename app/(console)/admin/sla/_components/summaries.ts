import type { EscalationLevel } from '@/workflows/escalation/policy';
import { WEEKDAYS_SHORT } from '@/workflows/sla/constants';
import type { SlaTarget } from '@/workflows/sla/targets';

// One-line summaries for the SLA admin list (pure: tested in summaries.test.ts).

const METRIC_NAMES: Record<string, string> = {
  response: 'response',
  resolution: 'resolution',
  handoff_acceptance: 'handoff acceptance',
  noc_action: 'NOC action',
};
const ACTION_NAMES: Record<string, string> = {
  notify: 'notify',
  reassign: 'reassign',
  raise_priority: 'raise priority',
};

/** One escalation level as a line: "resolution breached → user Ann, team SOC: reassign, raise priority". */
export function levelSummary(level: EscalationLevel, staffName: ReadonlyMap<string, string>): string {
  const t = level.trigger;
  const when =
    t.kind === 'unacknowledged'
      ? `unacknowledged ${t.minutes} min`
      : t.kind === 'clock_percent'
        ? `${METRIC_NAMES[t.metric] ?? t.metric} at ${t.percent} %`
        : `${METRIC_NAMES[t.metric] ?? t.metric} breached`;
  const who = level.targets
    .map((target) =>
      target.kind === 'user'
        ? `user ${staffName.get(target.id) ?? '(inactive)'}`
        : `${target.kind} ${target.kind === 'team' ? target.id.toUpperCase() : target.id}`,
    )
    .join(', ');
  return `${when} → ${who}: ${level.actions.map((a) => ACTION_NAMES[a] ?? a).join(', ')}`;
}

/** Days as runs: [1, 2, 3, 4, 5] is "Mon–Fri", [0, 6] "Sun, Sat", all seven "every day". */
function dayRuns(days: number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  if (sorted.length === 7) return 'every day';
  const runs: [number, number][] = [];
  for (const day of sorted) {
    const last = runs.at(-1);
    if (last && day === last[1] + 1) last[1] = day;
    else runs.push([day, day]);
  }
  return runs
    .map(([from, to]) =>
      from === to
        ? WEEKDAYS_SHORT[from]
        : `${WEEKDAYS_SHORT[from]}${to === from + 1 ? ', ' : '–'}${WEEKDAYS_SHORT[to]}`,
    )
    .join(', ');
}

/** Weekly hours grouped by time: "Mon–Fri 09:00–17:00; Sat 10:00–14:00". */
export function weeklySummary(weekly: readonly { day: number; start: string; end: string }[]): string {
  const byHours = new Map<string, number[]>();
  for (const { day, start, end } of weekly) {
    const hours = `${start}–${end}`;
    byHours.set(hours, [...(byHours.get(hours) ?? []), day]);
  }
  return [...byHours].map(([hours, days]) => `${dayRuns(days)} ${hours}`).join('; ') || 'no working hours';
}

/** Holidays in a few words: "DE-BE public holidays + 2 dates". */
export function holidaysSummary(
  holidays: readonly string[],
  preset: { country: string; state?: string } | null,
): string {
  const parts = [
    preset && `${[preset.country, preset.state].filter(Boolean).join('-')} public holidays`,
    holidays.length > 0 && `${holidays.length} ${holidays.length === 1 ? 'date' : 'dates'}`,
  ].filter(Boolean);
  return parts.join(' + ') || 'none';
}

/** A target as a duration: "15 min", "4 h", "1 d 6 h", or "—" when the policy sets none. */
export function targetSummary(target: SlaTarget | undefined): string {
  if (!target) return '—';
  const minutes = Math.round(target.ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const parts = [days && `${days} d`, hours && `${hours} h`, mins && `${mins} min`].filter(Boolean);
  return parts.join(' ') || '0 min';
}

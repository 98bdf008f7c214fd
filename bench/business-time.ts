// Benchmark: addBusinessTime on 4-hour targets (DESIGN.md §2.4, issue #4 "Benchmarks", first half).
//
//   npx tsx bench/business-time.ts            (add --expose-gc to node for exact memory figures)
//
// For three calendars (Berlin and New York business hours with their public-holiday presets, and a
// 24×7 calendar with a few holidays including DST days) it times the real implementation over many
// calls, then runs a naive minute-stepping reference over a smaller sample and requires every result to
// be identical. The reference shares no code with workflows/sla: it reads the wall clock of every
// minute through its own Intl formatter and checks the weekly hours and holiday dates directly.
// It reports speed against the targets (≥ 1,000,000 ops/s, ≥ 100× the reference) but only fails on a
// wrong result.

import { pathToFileURL } from 'node:url';
import Holidays from 'date-holidays';
import { addBusinessTime, type BusinessCalendar, compileCalendar } from '../workflows/sla';
import { formatCount, heapUsed, measure, seededRandom, table } from './lib/measure';

const MINUTE = 60_000;
const TARGET = 4 * 60 * MINUTE;
const FROM = Date.UTC(2026, 0, 1);
const TO = Date.UTC(2028, 0, 1);
const SEED = 0x5eed_2026;
const OPS_TARGET = 1_000_000;
const RATIO_TARGET = 100;

const WEEKDAYS = [1, 2, 3, 4, 5] as const;
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6] as const;

export const BENCH_CALENDARS: Record<string, BusinessCalendar> = {
  'Berlin 9–17, DE-BE': {
    timeZone: 'Europe/Berlin',
    weekly: WEEKDAYS.map((day) => ({ day, start: '09:00', end: '17:00' })),
    holidays: [],
    holidayPreset: { country: 'DE', state: 'BE' },
  },
  'New York 9–17, US': {
    timeZone: 'America/New_York',
    weekly: WEEKDAYS.map((day) => ({ day, start: '09:00', end: '17:00' })),
    holidays: [],
    holidayPreset: { country: 'US' },
  },
  '24×7 Berlin + holidays': {
    timeZone: 'Europe/Berlin',
    weekly: EVERY_DAY.map((day) => ({ day, start: '00:00', end: '24:00' })),
    holidays: ['2026-03-29', '2026-10-25', '2026-12-25', '2027-01-01', '2027-03-28', '2027-12-25'],
  },
};

// ---------------------------------------------------------------------------------------------------
// Naive reference: step minute by minute, asking Intl for the wall clock each time.

function naiveReference(calendar: BusinessCalendar): (start: number, duration: number) => number {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: calendar.timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  const daysOff = new Set(calendar.holidays);
  if (calendar.holidayPreset) {
    const { country, state } = calendar.holidayPreset;
    const source = new Holidays(country, state ?? '', { types: ['public'] });
    for (let year = 2025; year <= 2029; year++) {
      for (const h of source.getHolidays(year)) if (h.type === 'public') daysOff.add(h.date.slice(0, 10));
    }
  }
  const shifts = calendar.weekly.map(({ day, start, end }) => ({
    day,
    start: Number(start.slice(0, 2)) * 60 + Number(start.slice(3)),
    end: Number(end.slice(0, 2)) * 60 + Number(end.slice(3)),
  }));

  // Whether the minute starting at `minuteStart` (UTC, whole minute) is working time.
  function working(minuteStart: number): boolean {
    let y = '';
    let mo = '';
    let d = '';
    let minute = 0;
    for (const part of format.formatToParts(minuteStart)) {
      if (part.type === 'year') y = part.value;
      else if (part.type === 'month') mo = part.value;
      else if (part.type === 'day') d = part.value;
      else if (part.type === 'hour') minute += Number(part.value) * 60;
      else if (part.type === 'minute') minute += Number(part.value);
    }
    const today = new Date(`${y}-${mo}-${d}T00:00:00Z`);
    const yesterday = new Date(today.getTime() - 86_400_000);
    const todayOn = !daysOff.has(today.toISOString().slice(0, 10));
    const yesterdayOn = !daysOff.has(yesterday.toISOString().slice(0, 10));
    for (const shift of shifts) {
      if (shift.end > shift.start) {
        if (todayOn && today.getUTCDay() === shift.day && minute >= shift.start && minute < shift.end)
          return true;
      } else {
        // Night shift: the evening part is today's, the morning part belongs to yesterday.
        if (todayOn && today.getUTCDay() === shift.day && minute >= shift.start) return true;
        if (yesterdayOn && yesterday.getUTCDay() === shift.day && minute < shift.end) return true;
      }
    }
    return false;
  }

  return (start, duration) => {
    if (duration === 0) return start;
    let remaining = duration;
    let cursor = start;
    for (;;) {
      const minuteStart = Math.floor(cursor / MINUTE) * MINUTE;
      const next = minuteStart + MINUTE;
      if (working(minuteStart)) {
        if (remaining <= next - cursor) return cursor + remaining;
        remaining -= next - cursor;
      }
      cursor = next;
    }
  };
}

// ---------------------------------------------------------------------------------------------------

export interface CalendarResult {
  name: string;
  coldOpsPerSec: number;
  opsPerSec: number;
  p50Ns: number;
  p99Ns: number;
  naiveOpsPerSec: number;
  ratio: number;
  compared: number;
  mismatches: string[];
}

export interface BusinessTimeBenchResult {
  calendars: CalendarResult[];
  overallOpsPerSec: number;
  rawInputOpsPerSec: number;
  memoHeapBytes: number;
  gcExposed: boolean;
  ok: boolean;
}

export function runBusinessTimeBench(
  options: { calls?: number; naiveSample?: number } = {},
): BusinessTimeBenchResult {
  const calls = options.calls ?? 1_000_000;
  const names = Object.keys(BENCH_CALENDARS);
  const naivePerCalendar = Math.ceil((options.naiveSample ?? 2_000) / names.length);
  const random = seededRandom(SEED);
  const STARTS = 1 << 16;
  const starts = Array.from({ length: STARTS }, () => new Date(FROM + Math.floor(random() * (TO - FROM))));

  const heapBefore = heapUsed();
  const compiled = names.map((name) => compileCalendar(BENCH_CALENDARS[name]!));
  // Cold pass: fills the memos (Intl offsets, holiday presets, per-day working intervals).
  const cold = compiled.map((calendar) =>
    measure(STARTS, (i) => addBusinessTime(starts[i]!, TARGET, calendar).getTime() & 1, STARTS),
  );
  const memoHeapBytes = heapUsed() - heapBefore;
  // JIT warm-up.
  for (const calendar of compiled) {
    measure(200_000, (i) => addBusinessTime(starts[i & (STARTS - 1)]!, TARGET, calendar).getTime() & 1);
  }

  const results: CalendarResult[] = [];
  let totalCalls = 0;
  let totalMs = 0;
  names.forEach((name, c) => {
    const calendar = compiled[c]!;
    const fast = measure(
      calls,
      (i) => addBusinessTime(starts[i & (STARTS - 1)]!, TARGET, calendar).getTime() & 1,
    );
    totalCalls += fast.calls;
    totalMs += fast.totalMs;

    const naive = naiveReference(BENCH_CALENDARS[name]!);
    const expected: number[] = [];
    const naiveRun = measure(
      naivePerCalendar,
      (i) => {
        expected[i] = naive(starts[i]!.getTime(), TARGET);
        return expected[i]! & 1;
      },
      naivePerCalendar,
    );
    const mismatches: string[] = [];
    for (let i = 0; i < naivePerCalendar; i++) {
      const got = addBusinessTime(starts[i]!, TARGET, calendar).getTime();
      if (got !== expected[i]) {
        mismatches.push(
          `${name}: start ${starts[i]!.toISOString()}: fast ${new Date(got).toISOString()}, ` +
            `naive ${new Date(expected[i]!).toISOString()}`,
        );
      }
    }
    results.push({
      name,
      coldOpsPerSec: cold[c]!.opsPerSec,
      opsPerSec: fast.opsPerSec,
      p50Ns: fast.p50Ns,
      p99Ns: fast.p99Ns,
      naiveOpsPerSec: naiveRun.opsPerSec,
      ratio: fast.opsPerSec / naiveRun.opsPerSec,
      compared: naivePerCalendar,
      mismatches,
    });
  });

  // The same calls through a raw (uncompiled) calendar object: the memo-by-identity path.
  const raw = names.map((name) => BENCH_CALENDARS[name]!);
  const rawRun = measure(
    calls,
    (i) => addBusinessTime(starts[i & (STARTS - 1)]!, TARGET, raw[i % 3]!).getTime() & 1,
  );

  return {
    calendars: results,
    overallOpsPerSec: totalCalls / (totalMs / 1000),
    rawInputOpsPerSec: rawRun.opsPerSec,
    memoHeapBytes,
    gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
    ok: results.every((r) => r.mismatches.length === 0),
  };
}

export function printBusinessTimeBench(result: BusinessTimeBenchResult): void {
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  console.log('addBusinessTime, 4-hour targets, starts uniform over 2026–2027 (seeded)\n');
  console.log(
    table(
      [
        'calendar',
        'ops/s',
        'p50 ns',
        'p99 ns',
        'cold ops/s',
        'naive ops/s',
        'fast/naive',
        'compared',
        'equal',
      ],
      result.calendars.map((r) => [
        r.name,
        formatCount(r.opsPerSec),
        r.p50Ns.toFixed(0),
        r.p99Ns.toFixed(0),
        formatCount(r.coldOpsPerSec),
        r.naiveOpsPerSec.toFixed(1),
        `${formatCount(r.ratio)}×`,
        String(r.compared),
        r.mismatches.length === 0 ? 'yes' : `${r.mismatches.length} differ`,
      ]),
    ),
  );
  const worstRatio = Math.min(...result.calendars.map((r) => r.ratio));
  const slowest = Math.min(...result.calendars.map((r) => r.opsPerSec));
  console.log('');
  console.log(
    table(
      ['target', 'measured', 'result'],
      [
        [
          `≥ ${formatCount(OPS_TARGET)} ops/s (all calendars)`,
          `${formatCount(result.overallOpsPerSec)} (slowest ${formatCount(slowest)})`,
          met(slowest >= OPS_TARGET),
        ],
        [
          `≥ ${RATIO_TARGET}× naive (worst calendar)`,
          `${formatCount(worstRatio)}×`,
          met(worstRatio >= RATIO_TARGET),
        ],
      ],
    ),
  );
  console.log('');
  console.log(`raw calendar objects (memo by identity): ${formatCount(result.rawInputOpsPerSec)} ops/s`);
  console.log(
    `memo heap after cold pass: ${(result.memoHeapBytes / 1024 / 1024).toFixed(2)} MiB` +
      (result.gcExposed ? '' : ' (approximate: run node with --expose-gc for an exact figure)'),
  );
  for (const mismatch of result.calendars.flatMap((r) => r.mismatches).slice(0, 20)) console.error(mismatch);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = runBusinessTimeBench();
  printBusinessTimeBench(result);
  if (!result.ok) {
    console.error('\nFAIL: the fast implementation and the naive reference disagree.');
    process.exit(1);
  }
}

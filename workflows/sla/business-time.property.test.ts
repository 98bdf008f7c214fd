// Property tests over random calendars (random zones including half-hour and 30-minute-DST ones,
// random intervals including night shifts that wrap Saturday → Sunday, random holidays and presets).

import Holidays from 'date-holidays';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBusinessTime, businessTimeBetween, isWorkingTime, nextWorkingInstant } from './business-time';
import type { BusinessCalendar, WeeklyInterval } from './calendar';
import { formatLocalDate } from './civil';
import { compileCalendar } from './compile';
import { DAY_MS, HOUR_MS, MINUTES_PER_DAY, type Weekday } from './constants';

const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'America/St_Johns',
  'Pacific/Chatham',
];
const WEEK = 7 * MINUTES_PER_DAY;
const FIRST = Date.UTC(2025, 9, 1);
const LAST = Date.UTC(2027, 11, 31);

function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Cut points in the week paired into disjoint intervals, rotated so some wrap Saturday → Sunday. */
function weeklyFrom(cuts: number[], rotation: number): WeeklyInterval[] {
  const sorted = [...new Set(cuts)].sort((a, b) => a - b);
  const weekly: WeeklyInterval[] = [];
  for (let i = 0; i + 1 < sorted.length; i += 2) {
    let from = sorted[i]!;
    const to = sorted[i + 1]!;
    while (from < to) {
      const end = Math.min(to, from + MINUTES_PER_DAY); // an interval lasts at most a day
      const start = (from + rotation) % WEEK;
      const day = Math.floor(start / MINUTES_PER_DAY) as Weekday;
      const startOfDay = start % MINUTES_PER_DAY;
      const endOfDay = startOfDay + (end - from);
      weekly.push({
        day,
        start: clock(startOfDay),
        end: endOfDay === MINUTES_PER_DAY ? '24:00' : clock(endOfDay % MINUTES_PER_DAY),
      });
      from = end;
    }
  }
  return weekly;
}

const calendarArb: fc.Arbitrary<BusinessCalendar> = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    cuts: fc.array(
      fc.integer({ min: 0, max: WEEK / 15 - 1 }).map((q) => q * 15),
      { minLength: 2, maxLength: 16 },
    ),
    rotation: fc.integer({ min: 0, max: WEEK - 1 }),
    holidays: fc.array(fc.integer({ min: FIRST / DAY_MS, max: LAST / DAY_MS }), { maxLength: 30 }),
    preset: fc.constantFrom(undefined, { country: 'DE', state: 'BE' }, { country: 'US' }),
  })
  .map(({ timeZone, cuts, rotation, holidays, preset }) => ({
    timeZone,
    weekly: weeklyFrom(cuts, rotation),
    holidays: holidays.map(formatLocalDate),
    ...(preset ? { holidayPreset: preset } : {}),
  }))
  .filter((calendar) => calendar.weekly.length > 0);

const instantArb = fc.integer({ min: FIRST, max: LAST }).map((ms) => new Date(ms));

/** Durations up to ~6 weeks' worth of the calendar's working time, so the 10-year horizon is never hit. */
function durationArb(calendar: BusinessCalendar): fc.Arbitrary<number> {
  const weekMs = compileCalendar(calendar).weekly.reduce((sum, day) => {
    for (let i = 0; i < day.length; i += 2) sum += (day[i + 1]! - day[i]!) * 60_000;
    return sum;
  }, 0);
  return fc.oneof(
    fc.constant(0),
    fc.integer({ min: 1, max: 4 * HOUR_MS }),
    fc.integer({ min: 1, max: Math.max(1, weekMs * 6) }),
  );
}

const withDuration = calendarArb.chain((calendar) =>
  fc.tuple(fc.constant(calendar), instantArb, durationArb(calendar), durationArb(calendar)),
);

describe('addBusinessTime / businessTimeBetween properties', () => {
  it('round-trips: businessTimeBetween(s, addBusinessTime(s, d)) === d', () => {
    fc.assert(
      fc.property(withDuration, ([calendar, start, d]) => {
        expect(businessTimeBetween(start, addBusinessTime(start, d, calendar), calendar)).toBe(d);
      }),
      { numRuns: 300 },
    );
  });

  it('is strictly increasing in the duration', () => {
    fc.assert(
      fc.property(withDuration, ([calendar, start, d1, d2]) => {
        const [lo, hi] = d1 <= d2 ? [d1, d2] : [d2, d1];
        const a = addBusinessTime(start, lo, calendar).getTime();
        const b = addBusinessTime(start, hi, calendar).getTime();
        if (lo === hi) expect(a).toBe(b);
        else expect(a).toBeLessThan(b);
      }),
      { numRuns: 200 },
    );
  });

  it('is non-decreasing in the start instant', () => {
    fc.assert(
      fc.property(withDuration, instantArb, ([calendar, s1, d], s2) => {
        const [early, late] = s1 <= s2 ? [s1, s2] : [s2, s1];
        expect(addBusinessTime(early, d, calendar).getTime()).toBeLessThanOrEqual(
          addBusinessTime(late, d, calendar).getTime(),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('for d > 0 the result is inside working time or exactly at an interval end', () => {
    fc.assert(
      fc.property(withDuration, ([calendar, start, d]) => {
        fc.pre(d > 0);
        const due = addBusinessTime(start, d, calendar);
        // The last millisecond counted is working time, so the result is never after non-working time…
        expect(isWorkingTime(new Date(due.getTime() - 1), calendar)).toBe(true);
        // …and counting started no earlier than the first working instant.
        expect(due.getTime()).toBeGreaterThan(nextWorkingInstant(start, calendar).getTime());
      }),
      { numRuns: 300 },
    );
  });

  it('is additive: between(a, b) + between(b, c) === between(a, c), bounded by elapsed time', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, instantArb, instantArb, (calendar, x, y, z) => {
        const [a, b, c] = [x, y, z].sort((p, q) => p.getTime() - q.getTime()) as [Date, Date, Date];
        const ab = businessTimeBetween(a, b, calendar);
        expect(ab + businessTimeBetween(b, c, calendar)).toBe(businessTimeBetween(a, c, calendar));
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeLessThanOrEqual(b.getTime() - a.getTime());
        expect(businessTimeBetween(b, a, calendar)).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('nextWorkingInstant is the first working instant at or after t', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, (calendar, t) => {
        const next = nextWorkingInstant(t, calendar);
        expect(next.getTime()).toBeGreaterThanOrEqual(t.getTime());
        expect(isWorkingTime(next, calendar)).toBe(true);
        expect(businessTimeBetween(t, next, calendar)).toBe(0);
        if (isWorkingTime(t, calendar)) expect(next).toEqual(t);
      }),
      { numRuns: 200 },
    );
  });

  it('addBusinessTime(a, businessTimeBetween(a, b)) never passes b', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, instantArb, (calendar, x, y) => {
        const [a, b] = x <= y ? [x, y] : [y, x];
        const due = addBusinessTime(a, businessTimeBetween(a, b, calendar), calendar);
        expect(due.getTime()).toBeLessThanOrEqual(b.getTime());
        expect(businessTimeBetween(due, b, calendar)).toBe(0);
      }),
      { numRuns: 200 },
    );
  });
});

// An oracle that shares nothing with the implementation: read the wall clock of an instant with Intl and
// check it against the weekly hours and holiday strings directly, with presets straight from
// date-holidays. (Only for calendars whose boundaries avoid DST transitions: in a fall-back overlap a
// wall-clock reading cannot tell the two passes apart.)
describe('isWorkingTime agrees with a wall-clock reading via Intl', () => {
  const fixed: BusinessCalendar[] = [
    {
      timeZone: 'Europe/Berlin',
      weekly: ([1, 2, 3, 4, 5] as const).map((day) => ({ day, start: '09:00', end: '17:00' })),
      holidays: ['2026-12-24'],
      holidayPreset: { country: 'DE', state: 'BE' },
    },
    {
      timeZone: 'America/New_York',
      weekly: ([1, 2, 3, 4, 5] as const).flatMap((day) => [
        { day, start: '08:00', end: '12:00' },
        { day, start: '13:00', end: '18:30' },
      ]),
      holidays: [],
      holidayPreset: { country: 'US' },
    },
    {
      timeZone: 'Europe/Berlin',
      weekly: ([1, 2, 3, 4, 5] as const).map((day) => ({ day, start: '22:00', end: '06:00' })),
      holidays: ['2026-06-05', '2026-10-23'],
    },
    {
      timeZone: 'America/New_York',
      weekly: ([0, 1, 2, 3, 4, 5, 6] as const).map((day) => ({ day, start: '00:00', end: '24:00' })),
      holidays: ['2026-03-08', '2026-11-01', '2026-12-25'],
    },
  ];

  const publicHolidays = new Map<string, Set<string>>();
  function isDayOff(calendar: BusinessCalendar, date: string): boolean {
    if (calendar.holidays.includes(date)) return true;
    const preset = calendar.holidayPreset;
    if (!preset) return false;
    const key = `${preset.country}-${preset.state ?? ''}-${date.slice(0, 4)}`;
    let dates = publicHolidays.get(key);
    if (!dates) {
      const source = new Holidays(preset.country, preset.state ?? '', { types: ['public'] });
      dates = new Set(source.getHolidays(Number(date.slice(0, 4))).map((h) => h.date.slice(0, 10)));
      publicHolidays.set(key, dates);
    }
    return dates.has(date);
  }

  function wallClockWorking(calendar: BusinessCalendar, t: Date): boolean {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: calendar.timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    }).formatToParts(t);
    const get = (type: string) => parts.find((p) => p.type === type)!.value;
    const today = new Date(`${get('year')}-${get('month')}-${get('day')}T00:00:00Z`);
    const yesterday = new Date(today.getTime() - DAY_MS);
    const date = (d: Date) => d.toISOString().slice(0, 10);
    const minute = Number(get('hour')) * 60 + Number(get('minute'));
    const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
    return calendar.weekly.some((interval) => {
      const start = toMinutes(interval.start);
      const end = toMinutes(interval.end);
      const isToday = today.getUTCDay() === interval.day && !isDayOff(calendar, date(today));
      if (end > start) return isToday && minute >= start && minute < end;
      // Night shift: the evening part is today's, the morning part belongs to yesterday.
      const wasYesterday = yesterday.getUTCDay() === interval.day && !isDayOff(calendar, date(yesterday));
      return (isToday && minute >= start) || (wasYesterday && minute < end);
    });
  }

  it('on random instants, concentrating on DST weekends', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...fixed),
        fc.oneof(
          instantArb,
          fc
            .constantFrom('2026-03-08', '2026-03-29', '2026-10-25', '2026-11-01')
            .chain((date) =>
              fc
                .integer({ min: -DAY_MS, max: 2 * DAY_MS })
                .map((ms) => new Date(Date.parse(`${date}T00:00:00Z`) + ms)),
            ),
        ),
        (calendar, t) => {
          expect(isWorkingTime(t, calendar)).toBe(wallClockWorking(calendar, t));
        },
      ),
      { numRuns: 3000 },
    );
  });
});

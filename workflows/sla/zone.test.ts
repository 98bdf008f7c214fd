import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { civilFromDays, daysFromCivil, formatLocalDate, parseLocalDate, weekdayOfDay } from './civil';
import { HOUR_MS } from './constants';
import { offsetAt, wallTimeToUtc } from './zone';

const day = (date: string) => parseLocalDate(date)!;
const utc = (iso: string) => new Date(iso).getTime();

describe('civil day numbers', () => {
  it('round-trips dates and agrees with Date.UTC', () => {
    fc.assert(
      fc.property(fc.integer({ min: -800_000, max: 2_900_000 }), (days) => {
        const { year, month, day: d } = civilFromDays(days);
        expect(daysFromCivil(year, month, d)).toBe(days);
        if (year >= 100) expect(Date.UTC(year, month - 1, d) / 86_400_000).toBe(days);
        expect(weekdayOfDay(days)).toBe(new Date(days * 86_400_000).getUTCDay());
      }),
    );
    expect(formatLocalDate(day('2026-03-29'))).toBe('2026-03-29');
    expect(parseLocalDate('2028-02-29')).not.toBeNull();
    expect(parseLocalDate('2027-02-29')).toBeNull();
    expect(parseLocalDate('2026-13-01')).toBeNull();
  });
});

describe('time zone offsets', () => {
  it('reads offsets from Intl', () => {
    expect(offsetAt('Europe/Berlin', utc('2026-01-15T12:00:00Z'))).toBe(HOUR_MS);
    expect(offsetAt('Europe/Berlin', utc('2026-07-15T12:00:00Z'))).toBe(2 * HOUR_MS);
    expect(offsetAt('America/New_York', utc('2026-07-15T12:00:00Z'))).toBe(-4 * HOUR_MS);
    expect(offsetAt('Asia/Kolkata', utc('2026-07-15T12:00:00Z'))).toBe(5.5 * HOUR_MS);
  });

  it('maps ordinary wall times exactly', () => {
    expect(wallTimeToUtc('Europe/Berlin', day('2026-03-27'), 16 * 60)).toBe(utc('2026-03-27T16:00:00+01:00'));
    expect(wallTimeToUtc('Europe/Berlin', day('2026-03-30'), 10 * 60)).toBe(utc('2026-03-30T10:00:00+02:00'));
    // Minutes past 1440 are on the next day (night shifts).
    expect(wallTimeToUtc('America/New_York', day('2026-03-07'), 1440 + 6 * 60)).toBe(
      utc('2026-03-08T06:00:00-04:00'),
    );
  });

  it('moves a wall time in a spring-forward gap to the end of the gap', () => {
    // Berlin 2026-03-29: 02:00 CET jumps to 03:00 CEST (01:00Z).
    expect(wallTimeToUtc('Europe/Berlin', day('2026-03-29'), 2 * 60 + 30)).toBe(utc('2026-03-29T01:00:00Z'));
    expect(wallTimeToUtc('Europe/Berlin', day('2026-03-29'), 2 * 60)).toBe(utc('2026-03-29T01:00:00Z'));
    expect(wallTimeToUtc('Europe/Berlin', day('2026-03-29'), 3 * 60)).toBe(utc('2026-03-29T01:00:00Z'));
    // New York 2026-03-08: 02:00 EST jumps to 03:00 EDT (07:00Z).
    expect(wallTimeToUtc('America/New_York', day('2026-03-08'), 2 * 60 + 15)).toBe(
      utc('2026-03-08T07:00:00Z'),
    );
    // Lord Howe Island shifts by 30 minutes: 02:00 (+10:30) jumps to 02:30 (+11:00) on 2026-10-04.
    expect(wallTimeToUtc('Australia/Lord_Howe', day('2026-10-04'), 2 * 60 + 15)).toBe(
      utc('2026-10-03T15:30:00Z'),
    );
  });

  it('takes the earlier instant of an ambiguous fall-back wall time', () => {
    // Berlin 2026-10-25: 03:00 CEST falls back to 02:00 CET; 02:30 happens at 00:30Z and 01:30Z.
    expect(wallTimeToUtc('Europe/Berlin', day('2026-10-25'), 2 * 60 + 30)).toBe(utc('2026-10-25T00:30:00Z'));
    expect(wallTimeToUtc('Europe/Berlin', day('2026-10-25'), 3 * 60)).toBe(utc('2026-10-25T02:00:00Z'));
    // New York 2026-11-01: 01:30 happens at 05:30Z (EDT) and 06:30Z (EST).
    expect(wallTimeToUtc('America/New_York', day('2026-11-01'), 90)).toBe(utc('2026-11-01T05:30:00Z'));
  });

  it('is non-decreasing in wall time across transitions', () => {
    const zones = [
      'Europe/Berlin',
      'America/New_York',
      'Australia/Lord_Howe',
      'Pacific/Apia',
      'Asia/Kolkata',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: day('2011-01-01'), max: day('2028-12-31') }),
        fc.integer({ min: 0, max: 2880 }),
        fc.integer({ min: 0, max: 2880 }),
        (zone, d, m1, m2) => {
          const [lo, hi] = m1 <= m2 ? [m1, m2] : [m2, m1];
          expect(wallTimeToUtc(zone, d, lo)).toBeLessThanOrEqual(wallTimeToUtc(zone, d, hi));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('is non-decreasing around transitions, where a mistake would show', () => {
    const transitionDays: Array<[string, string]> = [
      ['Europe/Berlin', '2026-03-29'],
      ['Europe/Berlin', '2026-10-25'],
      ['America/New_York', '2026-03-08'],
      ['America/New_York', '2026-11-01'],
      ['Australia/Lord_Howe', '2026-10-04'],
      ['Australia/Lord_Howe', '2026-04-05'],
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...transitionDays),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 0, max: 300 }),
        ([zone, date], m1, m2) => {
          const [lo, hi] = m1 <= m2 ? [m1, m2] : [m2, m1];
          expect(wallTimeToUtc(zone, day(date), lo)).toBeLessThanOrEqual(wallTimeToUtc(zone, day(date), hi));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('handles a skipped calendar day (Samoa, 2011-12-30)', () => {
    // Apia went from UTC−10 to UTC+14 at the end of 2011-12-29 local time; the 30th did not exist.
    const start = wallTimeToUtc('Pacific/Apia', day('2011-12-30'), 12 * 60);
    expect(start).toBe(utc('2011-12-30T10:00:00Z'));
    expect(wallTimeToUtc('Pacific/Apia', day('2011-12-31'), 0)).toBe(utc('2011-12-30T10:00:00Z'));
  });
});

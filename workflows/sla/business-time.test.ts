import { describe, expect, it } from 'vitest';
import { addBusinessTime, businessTimeBetween, isWorkingTime, nextWorkingInstant } from './business-time';
import { type BusinessCalendar, CALENDAR_24X7, type WeeklyInterval } from './calendar';
import { compileCalendar } from './compile';
import { HOUR_MS, type Weekday } from './constants';

const H = HOUR_MS;
const at = (iso: string) => new Date(iso);
const WEEKDAYS: Weekday[] = [1, 2, 3, 4, 5];
const EVERY_DAY: Weekday[] = [0, 1, 2, 3, 4, 5, 6];

function hours(days: Weekday[], start: string, end: string): WeeklyInterval[] {
  return days.map((day) => ({ day, start, end }));
}

function calendar(timeZone: string, weekly: WeeklyInterval[], extra: Partial<BusinessCalendar> = {}) {
  return { timeZone, weekly, holidays: [], ...extra } satisfies BusinessCalendar;
}

const berlin = calendar('Europe/Berlin', hours(WEEKDAYS, '09:00', '17:00'));
const newYork = calendar('America/New_York', hours(WEEKDAYS, '09:00', '17:00'));

describe('Europe/Berlin business hours across DST', () => {
  it('Friday 16:00 + 2h is Monday 10:00 across spring-forward (2026-03-29)', () => {
    const due = addBusinessTime(at('2026-03-27T16:00:00+01:00'), 2 * H, berlin);
    expect(due).toEqual(at('2026-03-30T10:00:00+02:00'));
    expect(businessTimeBetween(at('2026-03-27T16:00:00+01:00'), due, berlin)).toBe(2 * H);
  });

  it('Friday 16:00 + 2h is Monday 10:00 across fall-back (2026-10-25)', () => {
    expect(addBusinessTime(at('2026-10-23T16:00:00+02:00'), 2 * H, berlin)).toEqual(
      at('2026-10-26T10:00:00+01:00'),
    );
  });

  it('a working week across a DST change is still 40 hours', () => {
    expect(
      businessTimeBetween(at('2026-03-23T09:00:00+01:00'), at('2026-03-30T09:00:00+02:00'), berlin),
    ).toBe(40 * H);
    expect(
      businessTimeBetween(at('2026-10-19T00:00:00+02:00'), at('2026-10-26T00:00:00+01:00'), berlin),
    ).toBe(40 * H);
  });

  it('a 24×7 calendar in Berlin counts 23 and 25 real hours on the DST Sundays', () => {
    const always = calendar('Europe/Berlin', hours(EVERY_DAY, '00:00', '24:00'));
    expect(
      businessTimeBetween(at('2026-03-29T00:00:00+01:00'), at('2026-03-30T00:00:00+02:00'), always),
    ).toBe(23 * H);
    expect(
      businessTimeBetween(at('2026-10-25T00:00:00+02:00'), at('2026-10-26T00:00:00+01:00'), always),
    ).toBe(25 * H);
  });
});

describe('America/New_York business hours across DST', () => {
  it('Friday 16:00 + 2h is Monday 10:00 across spring-forward (2026-03-08)', () => {
    expect(addBusinessTime(at('2026-03-06T16:00:00-05:00'), 2 * H, newYork)).toEqual(
      at('2026-03-09T10:00:00-04:00'),
    );
  });

  it('Friday 16:00 + 2h is Monday 10:00 across fall-back (2026-11-01)', () => {
    expect(addBusinessTime(at('2026-10-30T16:00:00-04:00'), 2 * H, newYork)).toEqual(
      at('2026-11-02T10:00:00-05:00'),
    );
  });

  describe('24×7 in the zone', () => {
    const always = calendar('America/New_York', hours(EVERY_DAY, '00:00', '24:00'));

    it('counts real elapsed time: the spring-forward day has 23 hours, the fall-back day 25', () => {
      expect(
        businessTimeBetween(at('2026-03-08T00:00:00-05:00'), at('2026-03-09T00:00:00-04:00'), always),
      ).toBe(23 * H);
      expect(addBusinessTime(at('2026-03-08T00:00:00-05:00'), 24 * H, always)).toEqual(
        at('2026-03-09T01:00:00-04:00'),
      );
      expect(
        businessTimeBetween(at('2026-11-01T00:00:00-04:00'), at('2026-11-02T00:00:00-05:00'), always),
      ).toBe(25 * H);
      expect(compileCalendar(always).alwaysOpen).toBe(true);
    });

    it('with a holiday on the 23-hour day, skips exactly those 23 hours', () => {
      const withHoliday = { ...always, holidays: ['2026-03-08'] };
      expect(compileCalendar(withHoliday).alwaysOpen).toBe(false);
      const saturday = at('2026-03-07T00:00:00-05:00');
      expect(businessTimeBetween(saturday, at('2026-03-10T00:00:00-04:00'), withHoliday)).toBe(48 * H);
      expect(addBusinessTime(at('2026-03-07T12:00:00-05:00'), 13 * H, withHoliday)).toEqual(
        at('2026-03-09T01:00:00-04:00'),
      );
      expect(isWorkingTime(at('2026-03-08T12:00:00-04:00'), withHoliday)).toBe(false);
      expect(nextWorkingInstant(at('2026-03-08T12:00:00-04:00'), withHoliday)).toEqual(
        at('2026-03-09T00:00:00-04:00'),
      );
    });
  });

  it('an interval starting inside the spring-forward gap starts when the gap ends', () => {
    const sunday = calendar('America/New_York', [{ day: 0, start: '02:30', end: '04:00' }]);
    expect(
      businessTimeBetween(at('2026-03-08T00:00:00-05:00'), at('2026-03-08T12:00:00-04:00'), sunday),
    ).toBe(H);
    expect(nextWorkingInstant(at('2026-03-08T00:00:00-05:00'), sunday)).toEqual(
      at('2026-03-08T03:00:00-04:00'),
    );
  });

  it('an interval starting inside the fall-back overlap starts at the earlier instant', () => {
    const sunday = calendar('America/New_York', [{ day: 0, start: '01:30', end: '03:00' }]);
    // 01:30 EDT (05:30Z) to 03:00 EST (08:00Z): 2.5 real hours.
    expect(
      businessTimeBetween(at('2026-11-01T00:00:00-04:00'), at('2026-11-01T12:00:00-05:00'), sunday),
    ).toBe(2.5 * H);
    expect(nextWorkingInstant(at('2026-11-01T00:00:00-04:00'), sunday)).toEqual(at('2026-11-01T05:30:00Z'));
    expect(isWorkingTime(at('2026-11-01T06:45:00Z'), sunday)).toBe(true); // 01:45 EST, second pass
  });
});

describe('holidays', () => {
  it('skips a holiday given by date', () => {
    const christmas = { ...berlin, holidays: ['2026-12-25'] };
    expect(addBusinessTime(at('2026-12-24T16:00:00+01:00'), 2 * H, christmas)).toEqual(
      at('2026-12-28T10:00:00+01:00'),
    );
    expect(isWorkingTime(at('2026-12-25T10:00:00+01:00'), christmas)).toBe(false);
    expect(isWorkingTime(at('2026-12-25T10:00:00+01:00'), berlin)).toBe(true);
  });

  describe('DE-BE preset', () => {
    const preset = { ...berlin, holidayPreset: { country: 'DE', state: 'BE' } };

    it('skips Labour Day, Friday 2026-05-01', () => {
      expect(addBusinessTime(at('2026-04-30T16:00:00+02:00'), 2 * H, preset)).toEqual(
        at('2026-05-04T10:00:00+02:00'),
      );
    });

    it('keeps Christmas Eve (not a public holiday) and skips Christmas Day', () => {
      expect(addBusinessTime(at('2026-12-23T16:00:00+01:00'), 2 * H, preset)).toEqual(
        at('2026-12-24T10:00:00+01:00'),
      );
      expect(addBusinessTime(at('2026-12-23T16:00:00+01:00'), 10 * H, preset)).toEqual(
        at('2026-12-28T10:00:00+01:00'),
      );
    });

    it('combines with holidays by date', () => {
      const longBreak = { ...preset, holidays: ['2026-12-24', '2026-12-28'] };
      expect(addBusinessTime(at('2026-12-23T16:00:00+01:00'), 2 * H, longBreak)).toEqual(
        at('2026-12-29T10:00:00+01:00'),
      );
    });

    it('counts a whole year: 254 working days of 8 hours in 2026', () => {
      // 261 weekdays minus 7 public holidays on weekdays (3 more fall on weekends).
      const newYear = at('2026-01-01T00:00:00+01:00');
      expect(businessTimeBetween(newYear, at('2027-01-01T00:00:00+01:00'), preset)).toBe(254 * 8 * H);
      expect(addBusinessTime(newYear, 254 * 8 * H, preset)).toEqual(at('2026-12-31T17:00:00+01:00'));
    });
  });

  it('US preset: Thanksgiving and the observed Independence Day', () => {
    const us = { ...newYork, holidayPreset: { country: 'US' } };
    expect(addBusinessTime(at('2026-11-25T16:00:00-05:00'), 2 * H, us)).toEqual(
      at('2026-11-27T10:00:00-05:00'),
    );
    expect(addBusinessTime(at('2026-07-02T16:00:00-04:00'), 2 * H, us)).toEqual(
      at('2026-07-06T10:00:00-04:00'),
    );
  });
});

describe('weekends and time outside working hours', () => {
  it('starts counting at the next working instant', () => {
    expect(addBusinessTime(at('2026-06-06T10:00:00+02:00'), H, berlin)).toEqual(
      at('2026-06-08T10:00:00+02:00'),
    );
    expect(addBusinessTime(at('2026-06-08T07:30:00+02:00'), H, berlin)).toEqual(
      at('2026-06-08T10:00:00+02:00'),
    );
    expect(nextWorkingInstant(at('2026-06-05T18:00:00+02:00'), berlin)).toEqual(
      at('2026-06-08T09:00:00+02:00'),
    );
    expect(
      businessTimeBetween(at('2026-06-05T18:00:00+02:00'), at('2026-06-08T09:00:00+02:00'), berlin),
    ).toBe(0);
  });

  it('a zero duration does not move, even at the weekend', () => {
    const saturday = at('2026-06-06T10:00:00+02:00');
    expect(addBusinessTime(saturday, 0, berlin)).toEqual(saturday);
  });

  it('a target ending at closing time is due at closing time, not next morning', () => {
    expect(addBusinessTime(at('2026-06-05T15:00:00+02:00'), 2 * H, berlin)).toEqual(
      at('2026-06-05T17:00:00+02:00'),
    );
    expect(isWorkingTime(at('2026-06-05T17:00:00+02:00'), berlin)).toBe(false);
    expect(isWorkingTime(at('2026-06-05T09:00:00+02:00'), berlin)).toBe(true);
  });

  it('several intervals a day (lunch break)', () => {
    const split = calendar('Europe/Berlin', [
      ...hours(WEEKDAYS, '08:00', '12:00'),
      ...hours(WEEKDAYS, '13:00', '17:00'),
    ]);
    expect(addBusinessTime(at('2026-06-08T11:00:00+02:00'), 2 * H, split)).toEqual(
      at('2026-06-08T14:00:00+02:00'),
    );
    expect(businessTimeBetween(at('2026-06-08T00:00:00+02:00'), at('2026-06-09T00:00:00+02:00'), split)).toBe(
      8 * H,
    );
  });

  it('returns 0 between for b <= a', () => {
    expect(
      businessTimeBetween(at('2026-06-09T12:00:00+02:00'), at('2026-06-08T12:00:00+02:00'), berlin),
    ).toBe(0);
    expect(
      businessTimeBetween(at('2026-06-08T12:00:00+02:00'), at('2026-06-08T12:00:00+02:00'), berlin),
    ).toBe(0);
  });
});

describe('overnight shifts (Mon–Fri 22:00–06:00, Europe/Berlin)', () => {
  const nights = calendar('Europe/Berlin', hours(WEEKDAYS, '22:00', '06:00'));

  it('Monday 22:00 + 4h is Tuesday 02:00', () => {
    expect(addBusinessTime(at('2026-06-01T22:00:00+02:00'), 4 * H, nights)).toEqual(
      at('2026-06-02T02:00:00+02:00'),
    );
  });

  it('the Friday shift runs into Saturday morning, then nothing until Monday 22:00', () => {
    expect(isWorkingTime(at('2026-06-06T03:00:00+02:00'), nights)).toBe(true);
    expect(isWorkingTime(at('2026-06-08T03:00:00+02:00'), nights)).toBe(false); // no Sunday shift
    expect(addBusinessTime(at('2026-06-05T22:00:00+02:00'), 8 * H, nights)).toEqual(
      at('2026-06-06T06:00:00+02:00'),
    );
    expect(addBusinessTime(at('2026-06-05T22:00:00+02:00'), 9 * H, nights)).toEqual(
      at('2026-06-08T23:00:00+02:00'),
    );
  });

  it('a shift belongs to the day it starts: a Friday holiday cancels it, a Saturday holiday does not', () => {
    const fridayOff = { ...nights, holidays: ['2026-06-05'] };
    expect(isWorkingTime(at('2026-06-06T03:00:00+02:00'), fridayOff)).toBe(false);
    expect(isWorkingTime(at('2026-06-05T03:00:00+02:00'), fridayOff)).toBe(true); // Thursday's shift
    const saturdayOff = { ...nights, holidays: ['2026-06-06'] };
    expect(isWorkingTime(at('2026-06-06T03:00:00+02:00'), saturdayOff)).toBe(true);
  });

  it('a shift spanning the fall-back night lasts 9 real hours', () => {
    // Saturday 22:00 CEST to Sunday 06:00 CET; the clock goes back an hour in between.
    const saturday = calendar('Europe/Berlin', [{ day: 6, start: '22:00', end: '06:00' }]);
    expect(
      businessTimeBetween(at('2026-10-24T12:00:00+02:00'), at('2026-10-25T12:00:00+01:00'), saturday),
    ).toBe(9 * H);
  });
});

describe('inputs, errors and the 24×7 constant', () => {
  it('CALENDAR_24X7 is plain arithmetic', () => {
    const t = at('2026-03-08T01:23:45.678Z');
    expect(addBusinessTime(t, 5 * H, CALENDAR_24X7)).toEqual(new Date(t.getTime() + 5 * H));
    expect(businessTimeBetween(t, new Date(t.getTime() + 7), CALENDAR_24X7)).toBe(7);
    expect(isWorkingTime(t, CALENDAR_24X7)).toBe(true);
    expect(nextWorkingInstant(t, CALENDAR_24X7)).toEqual(t);
  });

  it('accepts a compiled calendar', () => {
    const compiled = compileCalendar(berlin);
    expect(addBusinessTime(at('2026-03-27T16:00:00+01:00'), 2 * H, compiled)).toEqual(
      at('2026-03-30T10:00:00+02:00'),
    );
  });

  it('rejects negative or non-finite durations and invalid dates', () => {
    expect(() => addBusinessTime(at('2026-06-01T00:00:00Z'), -1, berlin)).toThrow(RangeError);
    expect(() => addBusinessTime(at('2026-06-01T00:00:00Z'), Number.NaN, berlin)).toThrow(RangeError);
    expect(() => addBusinessTime(new Date(Number.NaN), H, berlin)).toThrow(RangeError);
  });

  it('rejects a calendar without working hours', () => {
    expect(() => addBusinessTime(at('2026-06-01T00:00:00Z'), H, calendar('UTC', []))).toThrow(
      /no working hours/,
    );
  });

  it('gives up with an Error after ~10 years without working time', () => {
    // Working hours only on Mondays, and every Monday is a holiday for 11 years.
    const mondays: string[] = [];
    for (let t = Date.UTC(2026, 0, 5); t < Date.UTC(2037, 0, 1); t += 7 * 24 * H) {
      mondays.push(new Date(t).toISOString().slice(0, 10));
    }
    const never = calendar('UTC', [{ day: 1, start: '09:00', end: '17:00' }], { holidays: mondays });
    expect(() => addBusinessTime(at('2026-01-01T00:00:00Z'), H, never)).toThrow(
      /no working time within 3653 days/,
    );
    expect(() => nextWorkingInstant(at('2026-01-01T00:00:00Z'), never)).toThrow(/no working time within/);
    expect(businessTimeBetween(at('2026-01-01T00:00:00Z'), at('2030-01-01T00:00:00Z'), never)).toBe(0);
  });
});

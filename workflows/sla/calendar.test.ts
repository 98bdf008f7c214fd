import { describe, expect, it } from 'vitest';
import { type BusinessCalendar, CALENDAR_24X7, validateCalendar } from './calendar';
import { parseLocalDate } from './civil';
import { compileCalendar } from './compile';
import { canonicalHolidayPreset, presetHolidayDays, validateHolidayPreset } from './holidays';

function calendar(
  weekly: BusinessCalendar['weekly'],
  extra: Partial<BusinessCalendar> = {},
): BusinessCalendar {
  return { timeZone: 'Europe/Berlin', weekly, holidays: [], ...extra };
}

describe('validateCalendar', () => {
  it('accepts the 24×7 constant and ordinary business hours', () => {
    expect(validateCalendar(CALENDAR_24X7)).toEqual([]);
    expect(
      validateCalendar(
        calendar([
          { day: 1, start: '09:00', end: '12:00' },
          { day: 1, start: '12:00', end: '17:00' }, // touching is not overlapping
          { day: 5, start: '22:00', end: '06:00' },
          { day: 6, start: '06:00', end: '24:00' },
        ]),
      ),
    ).toEqual([]);
  });

  it('reports overlapping intervals on the same day', () => {
    const errors = validateCalendar(
      calendar([
        { day: 1, start: '09:00', end: '17:00' },
        { day: 1, start: '12:00', end: '18:00' },
      ]),
    );
    // On the interval that starts inside the other one.
    expect(errors).toEqual([
      {
        path: ['weekly', 1, 'start'],
        message: 'Working hours overlap: Monday 09:00–17:00 and Monday 12:00–18:00.',
      },
    ]);
  });

  it('reports a night shift running into the next day’s hours, including Saturday into Sunday', () => {
    expect(
      validateCalendar(
        calendar([
          { day: 1, start: '22:00', end: '06:00' },
          { day: 2, start: '05:00', end: '13:00' },
        ]),
      ),
    ).toEqual([
      {
        path: ['weekly', 1, 'start'],
        message: 'Working hours overlap: Monday 22:00–06:00 and Tuesday 05:00–13:00.',
      },
    ]);
    const wrapped = (weekly: BusinessCalendar['weekly']) =>
      validateCalendar(calendar(weekly)).map((e) => e.path);
    expect(
      wrapped([
        { day: 6, start: '22:00', end: '06:00' },
        { day: 0, start: '05:00', end: '10:00' },
      ]),
    ).toEqual([['weekly', 1, 'start']]);
    // Sunday from midnight starts inside the Saturday night shift, whichever is listed first.
    expect(
      wrapped([
        { day: 0, start: '00:00', end: '08:00' },
        { day: 6, start: '22:00', end: '06:00' },
      ]),
    ).toEqual([['weekly', 0, 'start']]);
    expect(
      wrapped([
        { day: 6, start: '22:00', end: '06:00' },
        { day: 0, start: '00:00', end: '08:00' },
      ]),
    ).toEqual([['weekly', 1, 'start']]);
  });

  it('reports an interval swallowing several others once per pair', () => {
    const errors = validateCalendar(
      calendar([
        { day: 2, start: '08:00', end: '20:00' },
        { day: 2, start: '09:00', end: '10:00' },
        { day: 2, start: '11:00', end: '12:00' },
      ]),
    );
    expect(errors.map((e) => e.path)).toEqual([
      ['weekly', 1, 'start'],
      ['weekly', 2, 'start'],
    ]);
  });

  it('reports bad times and days', () => {
    const errors = validateCalendar(
      calendar([
        { day: 1, start: '25:00', end: '17:00' },
        { day: 2, start: '9:00', end: '17:00' },
        { day: 3, start: '24:00', end: '17:00' },
        { day: 4, start: '09:00', end: '12:60' },
        { day: 7 as 0, start: '09:00', end: '17:00' },
      ]),
    );
    expect(errors).toEqual([
      {
        path: ['weekly', 0, 'start'],
        message: 'Working hours #1: start "25:00" is not a time between 00:00 and 23:59.',
      },
      {
        path: ['weekly', 1, 'start'],
        message: 'Working hours #2: start "9:00" is not a time between 00:00 and 23:59.',
      },
      {
        path: ['weekly', 2, 'start'],
        message: 'Working hours #3: start "24:00" is not a time between 00:00 and 23:59.',
      },
      {
        path: ['weekly', 3, 'end'],
        message: 'Working hours #4: end "12:60" is not a time between 00:00 and 24:00.',
      },
      {
        path: ['weekly', 4, 'day'],
        message: 'Working hours #5: day must be 0 (Sunday) to 6 (Saturday), got 7.',
      },
    ]);
  });

  it('reports an unknown time zone, bad holiday dates and an empty week', () => {
    expect(
      validateCalendar({ timeZone: 'Mars/Olympus', weekly: [], holidays: ['2026-02-30', '2026-12-25'] }),
    ).toEqual([
      {
        path: ['timeZone'],
        message: 'Unknown time zone "Mars/Olympus" (expected an IANA name like Europe/Berlin).',
      },
      { path: ['weekly'], message: 'The calendar has no working hours: add at least one weekly interval.' },
      { path: ['holidays', 0], message: 'Holiday #1: "2026-02-30" is not a valid YYYY-MM-DD date.' },
    ]);
  });

  it('reports malformed presets', () => {
    expect(
      validateCalendar(
        calendar([{ day: 1, start: '09:00', end: '17:00' }], { holidayPreset: { country: 'Germany' } }),
      ),
    ).toEqual([
      {
        path: ['holidayPreset', 'country'],
        message: 'Holiday preset: country "Germany" must be a two-letter code like DE.',
      },
    ]);
    expect(
      validateCalendar(
        calendar([{ day: 1, start: '09:00', end: '17:00' }], {
          holidayPreset: { country: 'DE', region: 'A' },
        }),
      ).map((e) => e.path),
    ).toEqual([['holidayPreset', 'state']]);
  });
});

describe('holiday presets', () => {
  it('knows countries, states and regions of date-holidays', () => {
    expect(validateHolidayPreset({ country: 'DE', state: 'BE' })).toEqual([]);
    expect(validateHolidayPreset({ country: 'DE', state: 'BY', region: 'A' })).toEqual([]);
    expect(validateHolidayPreset({ country: 'XX' })).toEqual([
      { path: ['country'], message: 'Holiday preset: unknown country "XX".' },
    ]);
    const [state] = validateHolidayPreset({ country: 'DE', state: 'ZZ' });
    expect(state?.path).toEqual(['state']);
    expect(state?.message).toMatch(/unknown state "ZZ" for DE/);
    expect(validateHolidayPreset({ country: 'DE', state: 'BY', region: 'ZZ' }).map((e) => e.path)).toEqual([
      ['region'],
    ]);
  });

  it('matches codes case-insensitively and spells them as date-holidays does', () => {
    expect(canonicalHolidayPreset({ country: 'nz', state: 'can', region: 'timaru' })).toEqual({
      preset: { country: 'NZ', state: 'CAN', region: 'Timaru' },
      errors: [],
    });
    const lower = compileCalendar(
      calendar([{ day: 5, start: '09:00', end: '17:00' }], { holidayPreset: { country: 'de', state: 'be' } }),
    );
    expect(lower.preset).toEqual({ country: 'DE', state: 'BE' });
  });

  it('resolves public holidays to local dates per year', () => {
    const berlin = presetHolidayDays({ country: 'DE', state: 'BE' }, 2026);
    for (const date of ['2026-01-01', '2026-03-08', '2026-05-01', '2026-10-03', '2026-12-25', '2026-12-26']) {
      expect(berlin.has(parseLocalDate(date)!), date).toBe(true);
    }
    expect(berlin.has(parseLocalDate('2026-12-24')!)).toBe(false); // Christmas Eve is not a public holiday
    // International Women's Day is a Berlin holiday, not a federal one.
    expect(presetHolidayDays({ country: 'DE' }, 2026).has(parseLocalDate('2026-03-08')!)).toBe(false);
    // Observed (substitute) days are public holidays too: 4 July 2026 is a Saturday.
    expect(presetHolidayDays({ country: 'US' }, 2026).has(parseLocalDate('2026-07-03')!)).toBe(true);
  });
});

describe('compileCalendar', () => {
  it('throws one readable Error listing the problems', () => {
    expect(() => compileCalendar({ timeZone: 'Nowhere/Town', weekly: [], holidays: [] })).toThrow(
      /Invalid business calendar: Unknown time zone "Nowhere\/Town".*no working hours/,
    );
    expect(() =>
      compileCalendar(
        calendar([{ day: 1, start: '09:00', end: '17:00' }], { holidayPreset: { country: 'QQ' } }),
      ),
    ).toThrow('Invalid business calendar: Holiday preset: unknown country "QQ".');
  });

  it('treats full-week coverage without holidays as always open', () => {
    expect(compileCalendar(CALENDAR_24X7).alwaysOpen).toBe(true);
    expect(compileCalendar({ ...CALENDAR_24X7, holidays: ['2026-12-25'] }).alwaysOpen).toBe(false);
    const shifts = compileCalendar(
      calendar(
        ([0, 1, 2, 3, 4, 5, 6] as const).flatMap((day) => [
          { day, start: '06:00', end: '18:00' },
          { day, start: '18:00', end: '06:00' },
        ]),
      ),
    );
    expect(shifts.alwaysOpen).toBe(true);
  });
});

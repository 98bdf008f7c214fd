import { describe, expect, it } from 'vitest';
import { filterFromQuery, filterQuery, searchParamsOf } from './query';

describe('the reports filter in the URL', () => {
  it('writes only what differs from the defaults, and the days only for a custom period', () => {
    expect(filterQuery({ period: '30d', kind: 'all', interval: 'auto' })).toBe('');
    expect(filterQuery({ period: '7d', from: '2026-01-01', kind: 'outage' })).toBe('?period=7d&kind=outage');
    expect(filterQuery({ period: 'custom', from: '2026-03-10', to: '2026-03-16', interval: 'week' })).toBe(
      '?period=custom&from=2026-03-10&to=2026-03-16&interval=week',
    );
  });

  it('reads the first value of each filter key, ignoring blanks and other keys', () => {
    const params = searchParamsOf({ period: ['7d', '90d'], kind: '', utm: 'x', to: undefined });
    expect(filterFromQuery(params)).toEqual({ period: '7d' });
    // What a form writes, it reads back.
    const written = filterQuery({ period: 'custom', from: '2026-03-10', to: '2026-03-16', kind: 'security' });
    expect(filterFromQuery(new URLSearchParams(written))).toEqual({
      period: 'custom',
      from: '2026-03-10',
      to: '2026-03-16',
      kind: 'security',
    });
  });
});

import { describe, expect, it } from 'vitest';
import type { ReportWindow } from '@/server/services/reports/internal/window';
import { toCsv } from '../csv';
import { csvFileName, handoffsTable, hours, minutes, mttaMttrTable, percent, slaMetTable } from './tables';

const WINDOW: ReportWindow = {
  from: new Date('2026-11-15T23:00:00Z'),
  to: new Date('2026-11-22T23:00:00Z'),
  firstDay: '2026-11-16',
  lastDay: '2026-11-22',
  timeZone: 'Europe/Berlin',
  unit: 'day',
  kinds: ['outage', 'security'],
};

describe('the tables behind the charts', () => {
  it('rounds durations and percentages for reading, and keeps "nothing measured" empty', () => {
    expect(minutes(25 * 60_000)).toBe(25);
    expect(minutes(17.54 * 60_000)).toBe(17.5);
    expect(hours(8.25 * 3_600_000)).toBe(8.25);
    expect(percent(200 / 3)).toBe(66.7);
    expect(minutes(null)).toBeNull();
    expect(percent(null)).toBeNull();
  });

  it('names the period column by bucket and labels kinds, teams and metrics in words', () => {
    const times = mttaMttrTable({
      window: WINDOW,
      rows: [
        {
          bucket: '2026-11-16',
          kind: 'outage',
          acknowledged: 2,
          mttaMs: 25 * 60_000,
          resolved: 1,
          mttrMs: 7_200_000,
        },
      ],
      totals: [],
    });
    expect(toCsv([times.columns, ...times.rows])).toBe(
      'Day,Kind,Acknowledged,MTTA (min),Resolved,MTTR (h)\r\n2026-11-16,Outages,2,25,1,2\r\n',
    );
    const weekly = handoffsTable({ window: { ...WINDOW, unit: 'week' }, rows: [] });
    expect(weekly.columns[0]).toBe('Week starting');
    const byTeam = slaMetTable(
      {
        window: WINDOW,
        byPriority: [],
        byCustomer: [],
        byTeam: [{ group: 'soc', metric: 'resolution', met: 1, missed: 2, pending: 0, percentMet: 100 / 3 }],
      },
      'team',
    );
    expect(byTeam.rows).toEqual([['SOC', 'Resolution', 1, 2, 0, 33.3]]);
    expect(csvFileName(byTeam.file, WINDOW)).toBe('watchfloor-sla-met-by-team-2026-11-16-to-2026-11-22.csv');
  });
});

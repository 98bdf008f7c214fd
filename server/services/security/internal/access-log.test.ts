import { describe, expect, it } from 'vitest';
import { type AccessRead, groupAccessReads } from './access-log';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 9, minute));
const read = (readerKey: string, minute: number, more: Partial<AccessRead> = {}): AccessRead => ({
  readerKey,
  reader: readerKey.toUpperCase(),
  at: at(minute),
  what: 'ticket',
  projection: 'full',
  ...more,
});

describe('groupAccessReads', () => {
  it('folds a run of reads by one person into one row with its first and last read', () => {
    const reads = [15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1].map((m) => read('sasha', m));
    expect(groupAccessReads(reads)).toEqual([
      { reader: 'SASHA', count: 15, first: at(1), last: at(15), what: ['ticket'], projection: 'full' },
    ]);
  });

  it('keeps interleaved readers in the order they read: only consecutive reads merge', () => {
    const groups = groupAccessReads([
      read('sasha', 9),
      read('sasha', 8),
      read('mona', 7),
      read('sasha', 6),
      read('sasha', 5),
      read('sasha', 4),
    ]);
    expect(groups.map((g) => [g.reader, g.count, g.first, g.last])).toEqual([
      ['SASHA', 2, at(8), at(9)],
      ['MONA', 1, at(7), at(7)],
      ['SASHA', 3, at(4), at(6)],
    ]);
  });

  it('lists what was read once each, newest first', () => {
    const [group] = groupAccessReads([
      read('sasha', 3, { what: 'workspace' }),
      read('sasha', 2, { what: 'ticket' }),
      read('sasha', 1, { what: 'workspace' }),
      read('sasha', 0, { what: null }),
    ]);
    expect(group).toMatchObject({ count: 4, what: ['workspace', 'ticket'] });
  });

  it('tells readers apart by key, not by name, and a projection change starts a new row', () => {
    const groups = groupAccessReads([
      read('a', 4, { reader: 'Alex' }),
      read('b', 3, { reader: 'Alex' }),
      read('b', 2, { reader: 'Alex', projection: 'stub' }),
      read('b', 1, { reader: 'Alex', projection: 'stub' }),
    ]);
    expect(groups.map((g) => [g.reader, g.count, g.projection])).toEqual([
      ['Alex', 1, 'full'],
      ['Alex', 1, 'full'],
      ['Alex', 2, 'stub'],
    ]);
  });

  it('answers no rows for no reads', () => {
    expect(groupAccessReads([])).toEqual([]);
  });
});

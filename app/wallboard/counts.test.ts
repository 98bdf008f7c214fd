import { describe, expect, it } from 'vitest';
import { countLabel } from './counts';

describe('countLabel', () => {
  it('is the exact count of a last page, and a floor with a plus when more are behind it', () => {
    expect(countLabel({ items: [] })).toBe('0');
    expect(countLabel({ items: [1, 2, 3], nextCursor: null })).toBe('3');
    expect(countLabel({ items: Array(100).fill(0), nextCursor: 'abc' })).toBe('100+');
  });
});

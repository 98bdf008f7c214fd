import { describe, expect, it } from 'vitest';
import { isSaneRequestId, requestIdFor } from './request-id';

const fresh = () => 'generated';

describe('requestIdFor', () => {
  it('keeps a sane incoming id', () => {
    for (const id of ['5f0c2a1e-8d4b-4c55-9b1f-0a3e2c1d4b5a', 'abc123', 'lb.node-1:42_x'])
      expect(requestIdFor(id, fresh)).toBe(id);
  });

  it('replaces a missing, empty, overlong or unsafe id', () => {
    for (const id of [null, undefined, '', 'a'.repeat(129), 'two words', 'line\nbreak', '{"json":1}', 'é'])
      expect(requestIdFor(id, fresh)).toBe('generated');
    expect(isSaneRequestId('a'.repeat(128))).toBe(true);
  });
});

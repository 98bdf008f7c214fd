import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toPlainJson } from './plain-json';

const viaJson = (value: unknown) => JSON.parse(JSON.stringify(value) as string) as unknown;

function outcome(run: () => unknown): { value: unknown } | { error: string } {
  try {
    return { value: run() };
  } catch (error) {
    return { error: (error as Error).constructor.name };
  }
}

describe('toPlainJson', () => {
  it('equals a JSON round trip on any value, errors included', () => {
    const anything = fc.anything({
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
      withUnicodeString: true,
    });
    fc.assert(
      fc.property(anything, (value) => {
        expect(outcome(() => toPlainJson(value))).toStrictEqual(outcome(() => viaJson(value)));
      }),
      { numRuns: 2_000 },
    );
  });

  it('handles what snapshots and payloads hold: undefined, -0, non-finite numbers, Dates, own __proto__', () => {
    const value = JSON.parse('{"__proto__": {"x": 1}}') as Record<string, unknown>;
    Object.assign(value, {
      gone: undefined,
      fn: () => 1,
      list: [undefined, () => 1, Number.NaN, -0, Number.POSITIVE_INFINITY, new Date(0)],
      nested: { at: new Date('2026-11-21T10:00:00Z'), zero: -0 },
      custom: { toJSON: (key: string) => `custom:${key}` },
    });
    const plain = toPlainJson(value);
    expect(plain).toStrictEqual(viaJson(value));
    expect(Object.keys(plain as object)).toEqual(['__proto__', 'list', 'nested', 'custom']);
    expect(Object.is((plain as { list: number[] }).list[3], 0)).toBe(true);
    expect(() => toPlainJson(undefined)).toThrow(SyntaxError);
    expect(() => toPlainJson({ n: 1n })).toThrow(TypeError);
  });
});

import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChainedEventContent, canonicalJson, GENESIS_HASH, hashEvent } from './canonical';

/** The definition, written plainly: the optimised canonicalJson must print exactly this. */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
}

describe('canonicalJson', () => {
  it('prints the reference form of any JSON-like value', () => {
    const withUndefined = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue(),
        fc.constant(undefined),
        fc.array(tie('value')),
        fc.dictionary(fc.string({ unit: 'grapheme' }), tie('value')),
      ),
    })).value;
    fc.assert(
      fc.property(withUndefined, (value) => {
        expect(canonicalJson(value)).toBe(reference(value));
      }),
      {
        numRuns: 2_000,
      },
    );
  });

  it('sorts keys by UTF-16 code unit at every depth and leaves undefined out', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: undefined }], c: 'x' }, é: 2, Z: 0 })).toBe(
      '{"Z":0,"a":{"c":"x","d":[3,{"z":null}]},"b":1,"é":2}',
    );
    expect(canonicalJson([undefined, 1])).toBe('[null,1]');
  });

  it('hashes exactly the canonical JSON of the content, whatever it holds', () => {
    const content = fc.record({
      ticketId: fc.uuid(),
      seq: fc.integer({ min: 1 }),
      type: fc.string(),
      actorType: fc.constantFrom('user', 'system', 'integration'),
      actorId: fc.option(fc.uuid(), { nil: undefined }).chain((id) => fc.constantFrom(id, null)),
      actorLabel: fc.string({ unit: 'grapheme' }),
      payload: fc.oneof(fc.jsonValue(), fc.constant(undefined)),
      occurredAt: fc.date({ noInvalidDate: true }),
      prevHash: fc.string(),
    });
    fc.assert(
      fc.property(content, (c) => {
        const canonical = reference({ ...c, occurredAt: c.occurredAt.toISOString() });
        // Undefined fields too (rows built in plain JavaScript): the hash must still be the canonical one.
        expect(hashEvent(c as ChainedEventContent)).toBe(
          createHash('sha256').update(canonical).digest('hex'),
        );
      }),
      { numRuns: 1_000 },
    );
  });

  it('keeps the hash of a known event (a changed hash would break every stored chain)', () => {
    const hash = hashEvent({
      ticketId: '00000000-0000-4000-8000-000000000001',
      seq: 1,
      type: 'ticket.created',
      actorType: 'system',
      actorId: null,
      actorLabel: 'scheduler',
      payload: { title: 'Core router down', serviceIds: ['a', 'b'], nested: { b: 2, a: 1 } },
      occurredAt: new Date('2026-11-21T10:00:00.000Z'),
      prevHash: GENESIS_HASH,
    });
    expect(hash).toBe(
      // sha256 of the reference canonical form, computed independently of canonicalJson.
      '5057e74900db2ef1430fca623825de7c1598f153adabad11be2d0c224c6a03f9',
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attackTechniqueInput, attackTechniqueUrl, normaliseTechniqueId } from './attack';
import { ATTACK_TACTIC_LABELS, ATTACK_TACTICS } from './constants';

describe('normaliseTechniqueId', () => {
  it.each([
    ['T1059', 'T1059'],
    ['T1059.001', 'T1059.001'],
    [' t1566.002 ', 'T1566.002'],
    ['t0000', 'T0000'],
  ])('%j → %j', (raw, expected) => {
    expect(normaliseTechniqueId(raw)).toBe(expected);
  });

  it.each([
    '',
    'T105',
    'T10590',
    'T1059.01',
    'T1059.0001',
    'T1059.',
    'TA0002',
    '1059',
    'T1059 .001',
    'X1059',
  ])('rejects %j', (raw) => {
    expect(normaliseTechniqueId(raw)).toBeNull();
  });

  it('accepts every T#### and T####.### id, in either case', () => {
    const digits = (n: number) => fc.stringMatching(new RegExp(`^\\d{${n}}$`));
    fc.assert(
      fc.property(digits(4), fc.option(digits(3)), fc.boolean(), (base, sub, lower) => {
        const id = `T${base}${sub === null ? '' : `.${sub}`}`;
        expect(normaliseTechniqueId(lower ? id.toLowerCase() : id)).toBe(id);
      }),
    );
  });
});

describe('attackTechniqueInput', () => {
  it('accepts a technique and a tactic, keeping the raw id', () => {
    expect(attackTechniqueInput.parse({ techniqueId: 't1059.001', tactic: 'execution' })).toEqual({
      techniqueId: 't1059.001',
      tactic: 'execution',
    });
  });

  it('reports a malformed id on techniqueId', () => {
    const result = attackTechniqueInput.safeParse({ techniqueId: 'T59', tactic: 'execution' });
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        path: ['techniqueId'],
        message: 'An ATT&CK technique id looks like T1059 or T1059.001',
      }),
    ]);
  });

  it('rejects an unknown tactic', () => {
    const result = attackTechniqueInput.safeParse({ techniqueId: 'T1059', tactic: 'weaponization' });
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['tactic']]);
  });
});

describe('attackTechniqueUrl', () => {
  it.each([
    ['T1059', 'https://attack.mitre.org/techniques/T1059/'],
    ['T1059.001', 'https://attack.mitre.org/techniques/T1059/001/'],
    ['t1566.002', 'https://attack.mitre.org/techniques/T1566/002/'],
  ])('%j → %s', (id, url) => {
    expect(attackTechniqueUrl(id)).toBe(url);
  });

  it('is null for an invalid id', () => {
    expect(attackTechniqueUrl('javascript:alert(1)')).toBeNull();
  });
});

describe('ATT&CK tactics', () => {
  it('lists the 14 Enterprise tactics with their official names', () => {
    expect(ATTACK_TACTICS).toHaveLength(14);
    expect(new Set(ATTACK_TACTICS).size).toBe(14);
    expect(ATTACK_TACTIC_LABELS.command_and_control).toBe('Command and Control');
    expect(ATTACK_TACTIC_LABELS.resource_development).toBe('Resource Development');
    expect(Object.keys(ATTACK_TACTIC_LABELS).sort()).toEqual([...ATTACK_TACTICS].sort());
  });
});

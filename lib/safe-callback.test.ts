import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeCallback } from './safe-callback';

const ORIGIN = 'http://localhost:3214';
const OTHER = 'http://elsewhere.invalid';

/** Pieces an attacker strings together: separators the URL parser folds into `//`, schemes, hosts. */
const piece = fc.constantFrom(
  '/',
  '\\',
  '//',
  '/\\',
  '\\\\',
  '\t',
  '\n',
  '\r',
  '\u0000',
  '\u001f',
  '\u007f',
  ' ',
  '.',
  '..',
  '%2F',
  '%2f',
  '%5C',
  '%09',
  '%00',
  '@',
  ':',
  '?',
  '#',
  'javascript:',
  'JaVaScRiPt:',
  'data:',
  'http:',
  'https:',
  'http://',
  'localhost',
  'localhost:3214',
  '127.0.0.1:3999',
  'evil.test',
  'pwned',
);
const attack = fc.oneof(
  fc.array(piece, { maxLength: 8 }).map((parts) => parts.join('')),
  fc.string({ unit: fc.oneof(piece, fc.string({ maxLength: 1 })), maxLength: 12 }),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.string(),
);

/** What the browser does with the result: resolve it against the page it is on. */
function landsOn(path: string, pageOrigin: string) {
  return new URL(path, pageOrigin).origin;
}

describe('safeCallback', () => {
  it('refuses the reported open redirects', () => {
    expect(safeCallback('/\\127.0.0.1:3999/pwned', ORIGIN)).toBe('/');
    expect(safeCallback(decodeURIComponent('%2F%5C127.0.0.1%3A3999%2Fpwned'), ORIGIN)).toBe('/');
    expect(safeCallback('/\t/evil.test', ORIGIN)).toBe('/');
    expect(safeCallback('//evil.test/x', ORIGIN)).toBe('/');
    expect(safeCallback('\\\\evil.test', ORIGIN)).toBe('/');
    expect(safeCallback('https://evil.test/', ORIGIN)).toBe('/');
    expect(safeCallback('javascript:alert(1)', ORIGIN)).toBe('/');
    expect(safeCallback('data:text/html,<script>alert(1)</script>', ORIGIN)).toBe('/');
  });

  it('keeps same-origin paths, query and fragment, absolute or relative', () => {
    expect(safeCallback('/tickets/OUT-1001?tab=timeline#c2', ORIGIN)).toBe(
      '/tickets/OUT-1001?tab=timeline#c2',
    );
    expect(safeCallback(`${ORIGIN}/soc`, ORIGIN)).toBe('/soc');
    expect(safeCallback('/status/acme', ORIGIN)).toBe('/status/acme');
  });

  it('collapses a path the parser leaves starting with // (it would read as a host later)', () => {
    expect(safeCallback('/.//evil.test', ORIGIN)).toBe('/evil.test');
    expect(safeCallback('/a/../..//evil.test', ORIGIN)).toBe('/evil.test');
    expect(safeCallback(`${ORIGIN}//evil.test`, ORIGIN)).toBe('/evil.test');
  });

  it('falls back to / for nothing or garbage', () => {
    expect(safeCallback(null, ORIGIN)).toBe('/');
    expect(safeCallback(undefined, ORIGIN)).toBe('/');
    expect(safeCallback('', ORIGIN)).toBe('/');
    expect(safeCallback('http://[::1', ORIGIN)).toBe('/');
    expect(safeCallback('/x', 'not an origin')).toBe('/');
  });

  it('never yields anything that leaves the origin, for any input (property)', () => {
    fc.assert(
      fc.property(attack, (value) => {
        const result = safeCallback(value, ORIGIN);
        // A bare path: one leading slash, nothing the parser could read as an authority or a scheme.
        expect(result.startsWith('/')).toBe(true);
        expect(result.startsWith('//')).toBe(false);
        expect(result[1]).not.toBe('\\');
        expect(landsOn(result, ORIGIN)).toBe(ORIGIN);
        // Relative: on any other page it stays on that page's origin too.
        expect(landsOn(result, OTHER)).toBe(OTHER);
        // Stable: checking it again changes nothing.
        expect(safeCallback(result, ORIGIN)).toBe(result);
      }),
      { numRuns: 5000 },
    );
  });

  it('returns every ordinary same-origin path unchanged (property)', () => {
    const ordinary = fc
      .tuple(fc.webPath(), fc.webQueryParameters(), fc.webFragments())
      .map(([path, query, fragment]) => `/${path.replace(/^\/+/, '')}?${query}#${fragment}`)
      // Only values the parser leaves as they are: the browser would go exactly there.
      .filter((value) => {
        const url = new URL(value, ORIGIN);
        return `${url.pathname}${url.search}${url.hash}` === value;
      });
    fc.assert(
      fc.property(ordinary, (value) => {
        expect(safeCallback(value, ORIGIN)).toBe(value);
      }),
      { numRuns: 2000 },
    );
  });
});

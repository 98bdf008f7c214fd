import { describe, expect, it } from 'vitest';
import { numberQuery, SNIPPET_END, SNIPPET_START, snippetParts } from './search';

describe('search text as a ticket number', () => {
  it('reads our prefixes as one kind, a bare number or another prefix as either', () => {
    expect(numberQuery('OUT-1042')).toEqual({ kinds: ['outage'], number: 1042 });
    expect(numberQuery(' sec-7 ')).toEqual({ kinds: ['security'], number: 7 });
    expect(numberQuery('1042')).toEqual({ kinds: ['outage', 'security'], number: 1042 });
    expect(numberQuery('#12')).toEqual({ kinds: ['outage', 'security'], number: 12 });
    expect(numberQuery('INC-12')).toEqual({ kinds: ['outage', 'security'], number: 12 });
  });

  it('is no number for words, zero-padded or out-of-range numbers', () => {
    for (const text of ['router', 'OUT-', 'OUT-0012', '0', '99999999999', 'OUT-1042 router', '12.5'])
      expect(numberQuery(text), text).toBeNull();
  });
});

describe('snippet marks', () => {
  it('cuts a snippet into plain and matched parts', () => {
    const snippet = `the ${SNIPPET_START}relay${SNIPPET_END} is down, ${SNIPPET_START}relay${SNIPPET_END}`;
    expect(snippetParts(snippet)).toEqual([
      { text: 'the ', match: false },
      { text: 'relay', match: true },
      { text: ' is down, ', match: false },
      { text: 'relay', match: true },
    ]);
    expect(snippetParts('no marks <b>here</b>')).toEqual([{ text: 'no marks <b>here</b>', match: false }]);
  });
});

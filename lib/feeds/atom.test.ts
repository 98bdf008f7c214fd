import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { type AtomFeed, atomFeed, xmlText } from './atom';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const feed: AtomFeed = {
  id: 'tag:status.acme.test,2026:page/acme',
  title: 'Acme status',
  subtitle: 'Incidents & maintenance',
  self: 'https://watchfloor.example/status/acme/feed.atom',
  alternate: 'https://watchfloor.example/status/acme',
  author: 'Acme <status> team',
  updated: new Date('2026-11-20T10:05:00Z'),
  entries: [
    {
      id: 'tag:status.acme.test,2026:update/2',
      title: 'Payments: identified',
      updated: new Date('2026-11-20T10:05:00Z'),
      published: new Date('2026-11-20T10:05:00Z'),
      link: 'https://watchfloor.example/status/acme/incidents/OUT-1001?a=1&b=2',
      content: 'A certificate <rotation> failed; "rolling back" & monitoring.\u0007',
      categories: ['identified'],
    },
    {
      id: 'tag:status.acme.test,2026:update/1',
      title: 'Payments: investigating',
      updated: new Date('2026-11-20T09:40:00Z'),
      link: 'https://watchfloor.example/status/acme/incidents/OUT-1001',
      content: 'We are investigating failed card payments.',
    },
  ],
};

/** Parses as XML and checks the RFC 4287 rules a reader relies on. */
function parseAtom(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parsed = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    isArray: (name) => ['entry', 'link', 'category'].includes(name),
  }).parse(xml);
  const root = parsed.feed;
  expect(root['@xmlns']).toBe('http://www.w3.org/2005/Atom');
  return root;
}

describe('atomFeed (RFC 4287)', () => {
  it('has the required feed and entry elements, RFC 3339 dates and absolute links', () => {
    const root = parseAtom(atomFeed(feed));
    // §4.1.1: one id, title, updated; an author (no entry names its own).
    expect(root.id).toBe(feed.id);
    expect(root.title['#text']).toBe('Acme status');
    expect(root.updated).toMatch(RFC3339);
    expect(root.author.name).toBe('Acme <status> team');
    expect(root.link.map((l: Record<string, string>) => l['@rel']).sort()).toEqual(['alternate', 'self']);
    expect(root.entry).toHaveLength(2);
    const ids = new Set<string>();
    for (const entry of root.entry) {
      // §4.1.2: id, title, updated; content or an alternate link.
      expect(entry.id).toMatch(/^tag:/);
      ids.add(entry.id);
      expect(entry.title['#text']).toBeTruthy();
      expect(entry.updated).toMatch(RFC3339);
      expect(entry.link[0]['@rel']).toBe('alternate');
      expect(entry.link[0]['@href']).toMatch(/^https:\/\//);
      expect(entry.content['@type']).toBe('text');
    }
    expect(ids.size).toBe(2);
  });

  it('escapes markup and drops characters XML cannot carry, so text reads back exactly', () => {
    const root = parseAtom(atomFeed(feed));
    const [first] = root.entry;
    expect(first.content['#text']).toBe('A certificate <rotation> failed; "rolling back" & monitoring.');
    expect(first.link[0]['@href']).toBe('https://watchfloor.example/status/acme/incidents/OUT-1001?a=1&b=2');
    expect(first.category[0]['@term']).toBe('identified');
    expect(xmlText('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('is valid with no entries (a quiet page)', () => {
    const root = parseAtom(atomFeed({ ...feed, entries: [] }));
    expect(root.entry).toBeUndefined();
    expect(root.id).toBe(feed.id);
  });
});

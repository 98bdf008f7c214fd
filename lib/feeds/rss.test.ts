import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { type RssChannel, rfc822, rssFeed } from './rss';

const RFC822 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

const channel: RssChannel = {
  title: 'Acme status',
  link: 'https://watchfloor.example/status/acme',
  description: 'Incidents & maintenance of Acme',
  self: 'https://watchfloor.example/status/acme/history.rss',
  lastBuildDate: new Date('2026-11-20T10:05:00Z'),
  items: [
    {
      guid: 'urn:uuid:5d1e8a2c-3f4b-4c6d-9e8f-0a1b2c3d4e5f',
      title: 'Payments: identified',
      link: 'https://watchfloor.example/status/acme/incidents/x?a=1&b=2',
      description: 'A certificate <rotation> failed;\n"rolling back" & monitoring.\u0007',
      pubDate: new Date('2026-11-20T10:05:00Z'),
      categories: ['identified'],
    },
    {
      guid: 'urn:uuid:6d1e8a2c-3f4b-4c6d-9e8f-0a1b2c3d4e5f',
      title: 'Payments: investigating',
      link: 'https://watchfloor.example/status/acme/incidents/x',
      description: 'We are investigating failed card payments.',
      pubDate: new Date('2026-11-20T09:40:00Z'),
    },
  ],
};

function parseRss(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parsed = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    isArray: (name) => ['item', 'category'].includes(name),
  }).parse(xml);
  expect(parsed.rss['@version']).toBe('2.0');
  return parsed.rss.channel;
}

describe('rssFeed (RSS 2.0)', () => {
  it("has the channel's required elements, a self link, RFC 822 dates and one item per entry", () => {
    const root = parseRss(rssFeed(channel));
    // Required channel elements: title, link, description.
    expect(root.title).toBe('Acme status');
    expect(root.link).toBe('https://watchfloor.example/status/acme');
    expect(root.description).toBe('Incidents & maintenance of Acme');
    expect(root['atom:link']['@rel']).toBe('self');
    expect(root['atom:link']['@href']).toBe(channel.self);
    expect(root.lastBuildDate).toMatch(RFC822);
    expect(root.item).toHaveLength(2);
    for (const item of root.item) {
      expect(item.title).toBeTruthy();
      expect(item.link).toMatch(/^https:\/\//);
      expect(item.guid['@isPermaLink']).toBe('false');
      expect(item.pubDate).toMatch(RFC822);
    }
    expect(new Set(root.item.map((i: { guid: { '#text': string } }) => i.guid['#text'])).size).toBe(2);
  });

  it('escapes markup (twice in descriptions, which readers render as HTML) and drops what XML cannot carry', () => {
    const [first] = parseRss(rssFeed(channel)).item;
    expect(first.link).toBe('https://watchfloor.example/status/acme/incidents/x?a=1&b=2');
    expect(first.description).toBe(
      'A certificate &lt;rotation&gt; failed;<br/>&quot;rolling back&quot; &amp; monitoring.',
    );
    expect(first.category).toEqual(['identified']);
    expect(rfc822(new Date('2026-11-20T10:05:00Z'))).toBe('Fri, 20 Nov 2026 10:05:00 GMT');
  });

  it('is valid with no items (a quiet page)', () => {
    const root = parseRss(rssFeed({ ...channel, items: [] }));
    expect(root.item).toBeUndefined();
  });
});

// Atom 1.0 (RFC 4287) documents, built as text: a status page's incidents and their updates as a feed that
// any reader can follow. Pure: the caller gives every instant and absolute URL.

export interface AtomEntry {
  /** A permanent, unique IRI (RFC 4287 §4.2.6): e.g. `tag:status.example.com,2026:incident/…`. */
  id: string;
  title: string;
  updated: Date;
  published?: Date;
  /** Absolute URL of the entry's page (rel="alternate"). */
  link: string;
  /** Plain text; escaped here, so markup in it is shown, never interpreted. */
  content: string;
  categories?: string[];
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle?: string;
  /** Absolute URL of the feed itself (rel="self") and of the page it follows (rel="alternate"). */
  self: string;
  alternate: string;
  /** The feed's author (§4.1.1: required unless every entry names one; ours never do). */
  author: string;
  /** Newest entry's update, or when the page last changed. */
  updated: Date;
  entries: AtomEntry[];
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

// XML 1.0 forbids most C0 controls even escaped; text from people may carry them (a pasted log line).
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters removed
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text safe inside an XML element or a double-quoted attribute. */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const element = (name: string, text: string, attributes = '') =>
  `<${name}${attributes}>${xmlText(text)}</${name}>`;
const link = (rel: string, href: string, type?: string) =>
  `<link rel="${rel}" href="${xmlText(href)}"${type ? ` type="${type}"` : ''}/>`;

export function atomFeed(feed: AtomFeed): string {
  const entries = feed.entries.map((entry) =>
    [
      '  <entry>',
      `    ${element('id', entry.id)}`,
      `    ${element('title', entry.title, ' type="text"')}`,
      `    ${element('updated', entry.updated.toISOString())}`,
      ...(entry.published ? [`    ${element('published', entry.published.toISOString())}`] : []),
      `    ${link('alternate', entry.link, 'text/html')}`,
      ...(entry.categories ?? []).map((term) => `    <category term="${xmlText(term)}"/>`),
      `    ${element('content', entry.content, ' type="text"')}`,
      '  </entry>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  ${element('id', feed.id)}`,
    `  ${element('title', feed.title, ' type="text"')}`,
    ...(feed.subtitle ? [`  ${element('subtitle', feed.subtitle, ' type="text"')}`] : []),
    `  ${element('updated', feed.updated.toISOString())}`,
    `  ${link('self', feed.self, 'application/atom+xml')}`,
    `  ${link('alternate', feed.alternate, 'text/html')}`,
    `  <author>${element('name', feed.author)}</author>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}

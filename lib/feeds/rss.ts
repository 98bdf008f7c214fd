import { xmlText } from './atom';

// RSS 2.0 documents (RSS Advisory Board's specification), for readers that follow RSS rather than Atom:
// the same entries as the Atom feed. Pure: the caller gives every instant and absolute URL.

export interface RssItem {
  /** Permanent and unique; not a URL (isPermaLink="false"). */
  guid: string;
  title: string;
  /** Absolute URL of the item's page. */
  link: string;
  /** Plain text; escaped here, so markup in it is shown, never interpreted. */
  description: string;
  pubDate: Date;
  categories?: string[];
}

export interface RssChannel {
  title: string;
  /** Absolute URL of the page the feed follows. */
  link: string;
  description: string;
  /** Absolute URL of the feed itself (atom:link rel="self", as feed validators ask). */
  self: string;
  lastBuildDate: Date;
  items: RssItem[];
}

/** RFC 822 date-time (RSS 2.0's format), in GMT: `Fri, 20 Nov 2026 10:05:00 GMT`. */
export function rfc822(date: Date): string {
  return date.toUTCString();
}

const element = (name: string, text: string, attributes = '') =>
  `<${name}${attributes}>${xmlText(text)}</${name}>`;

/** Plain text as HTML-escaped text: RSS readers render <description> as HTML. */
const asHtml = (text: string) => xmlText(text).replace(/\r?\n/g, '<br/>');

export function rssFeed(channel: RssChannel): string {
  const items = channel.items.map((item) =>
    [
      '    <item>',
      `      ${element('title', item.title)}`,
      `      ${element('link', item.link)}`,
      `      ${element('guid', item.guid, ' isPermaLink="false"')}`,
      `      ${element('pubDate', rfc822(item.pubDate))}`,
      ...(item.categories ?? []).map((c) => `      ${element('category', c)}`),
      `      ${element('description', asHtml(item.description))}`,
      '    </item>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
    '  <channel>',
    `    ${element('title', channel.title)}`,
    `    ${element('link', channel.link)}`,
    `    ${element('description', channel.description)}`,
    `    <atom:link href="${xmlText(channel.self)}" rel="self" type="application/rss+xml"/>`,
    `    ${element('lastBuildDate', rfc822(channel.lastBuildDate))}`,
    ...items,
    '  </channel>',
    '</rss>',
    '',
  ].join('\n');
}

// Search vocabulary and the reading of a search box's text as a ticket number. Pure and drizzle-free:
// the search service and the search page import it.
import { MAX_TICKET_NUMBER, TICKET_KINDS, TICKET_NUMBER_PREFIX, type TicketKind } from './constants';

/** Where a search hit was found, strongest first. */
export const SEARCH_SOURCES = ['number', 'title', 'observable', 'description', 'comment'] as const;
export type SearchSource = (typeof SEARCH_SOURCES)[number];

export const SEARCH_SOURCE_LABELS: Record<SearchSource, string> = {
  number: 'Ticket number',
  title: 'Title',
  observable: 'Observable',
  description: 'Description',
  comment: 'Comment',
};

/** The longest text a search accepts. */
export const SEARCH_MAX_LENGTH = 200;

/**
 * Marks around the matched words of a snippet (Unicode private-use characters: nothing typed contains
 * them, and the page turns them into <mark> elements, never into HTML).
 */
export const SNIPPET_START = '\uE000';
export const SNIPPET_END = '\uE001';

// `OUT-1042`, `sec-77`, `#1042`, `1042`, and another tracker's prefix (`INC-12`) for the number alone.
const NUMBER_QUERY = /^(?:([a-z]{2,10})-)?#?([1-9]\d{0,9})$/i;

/**
 * The ticket numbers a search text names: our prefix names one kind, a bare number (or someone else's
 * prefix) either kind. Null when the text is not a ticket number, or a number no ticket can have.
 */
export function numberQuery(text: string): { kinds: TicketKind[]; number: number } | null {
  const match = NUMBER_QUERY.exec(text.trim());
  if (!match) return null;
  const number = Number(match[2]);
  if (number > MAX_TICKET_NUMBER) return null;
  const prefix = match[1]?.toUpperCase();
  const named = TICKET_KINDS.filter((kind) => TICKET_NUMBER_PREFIX[kind] === prefix);
  return { kinds: named.length ? named : [...TICKET_KINDS], number };
}

/** A snippet cut at its marks: the parts between SNIPPET_START and SNIPPET_END are the matched words. */
export function snippetParts(snippet: string): { text: string; match: boolean }[] {
  const parts: { text: string; match: boolean }[] = [];
  for (const [i, piece] of snippet.split(SNIPPET_START).entries()) {
    const [matched, rest] = i === 0 ? [null, piece] : splitOnce(piece, SNIPPET_END);
    if (matched) parts.push({ text: matched, match: true });
    if (rest) parts.push({ text: rest, match: false });
  }
  return parts;
}

function splitOnce(text: string, mark: string): [string, string] {
  const at = text.indexOf(mark);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + mark.length)];
}

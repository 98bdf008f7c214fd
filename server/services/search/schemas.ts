// Zod schemas of the search service, shared with the search page. Drizzle-free.
import { z } from 'zod';
import { SEARCH_MAX_LENGTH } from '../../../workflows/tickets/search';
import { lineText } from '../kernel/schema-parts';

export const searchTicketsInput = z.object({
  q: lineText()
    .min(1, 'Type a word, a phrase in quotes or a ticket number')
    .max(SEARCH_MAX_LENGTH, `Keep the search under ${SEARCH_MAX_LENGTH} characters`),
  limit: z.number().int().min(1).max(50).default(20),
  cursor: lineText().max(200).nullish(),
});
export type SearchTicketsInput = z.input<typeof searchTicketsInput>;

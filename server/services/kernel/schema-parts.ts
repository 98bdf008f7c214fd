// Zod building blocks every schemas.ts uses for free text, instants and integers, so each kind of value
// has one rule everywhere: input the database cannot store is the user's mistake (BAD_REQUEST with a
// field error), never a database failure. Drizzle-free: the forms import it through the schemas.
import { z } from 'zod';

// --- Text -------------------------------------------------------------------------------------------

// PostgreSQL text cannot hold NUL, and jsonb (the audit log) refuses unpaired UTF-16 surrogates. Other
// control characters (C0, DEL, C1) are storable but never typed on purpose: a bell or an escape sequence
// in a name is an attack on whoever displays it. Long text keeps tab and line breaks; a single line
// (names, titles, places) keeps none of them.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const CONTROL_IN_TEXT = /(?![\t\n\r])\p{Cc}/u;
const CONTROL_IN_LINE = /\p{Cc}/u;
const UNSTORABLE = 'Remove the invalid characters (control characters or a broken emoji)';
const UNSTORABLE_LINE = 'Keep it on one line, without control characters or a broken emoji';

/** True when `value` has no character the database refuses or that has no place in text. */
export const isStorableText = (value: string) => !CONTROL_IN_TEXT.test(value) && !LONE_SURROGATE.test(value);
export const isStorableLine = (value: string) => !CONTROL_IN_LINE.test(value) && !LONE_SURROGATE.test(value);

/** Trimmed text of one or more lines (descriptions, comments, reasons). */
export const storableText = () => z.string().trim().refine(isStorableText, UNSTORABLE);

/** A trimmed single line (names, titles, places, identifiers). */
export const lineText = () => z.string().trim().refine(isStorableLine, UNSTORABLE_LINE);

// --- Instants ---------------------------------------------------------------------------------------

/**
 * The instants Watchfloor accepts: from 1970-01-01 up to (not including) 2200-01-01, UTC. Every real
 * instant of an incident (symptoms, evidence collected, a task due, a report's range) is inside it.
 * PostgreSQL's timestamptz ends at 294276 AD and JavaScript's Date reaches ±275760, but neither stores
 * year 0 or -200000, and a date far past 2200 in a due time or report range is a typo. One window for
 * every date input keeps the SLA maths and the month arithmetic of reports on sane ground too.
 */
export const EARLIEST_INSTANT = new Date('1970-01-01T00:00:00.000Z');
export const LATEST_INSTANT = new Date('2200-01-01T00:00:00.000Z');
const OUT_OF_RANGE = 'Choose a date between 1970 and 2199';

/** True for a valid Date inside the accepted window. */
export function isAcceptedInstant(date: Date): boolean {
  const ms = date.getTime();
  return ms >= EARLIEST_INSTANT.getTime() && ms < LATEST_INSTANT.getTime();
}

/**
 * A date and time. Dates arrive as Date (tRPC with superjson) or as strings (forms, JSON); both become
 * Date, within the accepted window.
 */
export const instant = (what: string) =>
  z.coerce.date(`Enter ${what} as a date and time`).refine(isAcceptedInstant, OUT_OF_RANGE);

// --- Integers ---------------------------------------------------------------------------------------

/** The largest value of a PostgreSQL integer (int4) column: ticket numbers, versions, counters. */
export const INT4_MAX = 2_147_483_647;

// --- Ids --------------------------------------------------------------------------------------------

const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for text a PostgreSQL uuid column accepts: stored references are checked before a lookup. */
export const isUuidText = (value: unknown): value is string =>
  typeof value === 'string' && UUID_TEXT.test(value);

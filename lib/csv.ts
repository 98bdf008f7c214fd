// CSV for spreadsheets (RFC 4180), safe to open: fields are separated by commas and records end in CRLF; a
// field holding a comma, a double quote, CR or LF is enclosed in double quotes, its quotes doubled. A cell
// that a spreadsheet would run as a formula (it starts with = + - @, or a tab or CR, which some strip
// first) gets a leading apostrophe (OWASP "CSV injection"): a customer named `=HYPERLINK(…)` stays text.

export type CsvCell = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One field: empty for null/undefined, numbers as written, text defused and quoted as needed. */
export function csvField(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  let text = typeof cell === 'number' ? (Number.isFinite(cell) ? String(cell) : '') : cell;
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A whole file: one record per row, each ending in CRLF (the header row is the first row). */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}

// What the server-rendered page and the chart (a client component) share: series, rows, colours, labels.
// A plain module: a server component cannot read values exported from a 'use client' file.

export interface ChartSeries {
  key: string;
  label: string;
  /** One of the palette's colours (SERIES_COLOURS), readable on both themes' backgrounds. */
  colour: string;
  type: 'bar' | 'line';
  /** Bars with the same stack id pile up. */
  stack?: string;
  /** Lines on the right-hand axis (a second unit). */
  right?: boolean;
}

export type ChartRow = Record<string, string | number | null>;

/** Mid-tone hues that keep ≥ 3:1 against white and against the dark theme's zinc-950. */
export const SERIES_COLOURS = {
  sky: '#0284c7',
  violet: '#8b5cf6',
  amber: '#d97706',
  rose: '#e11d48',
  emerald: '#059669',
  zinc: '#71717a',
} as const;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** '2026-11-16' → '16 Nov'; anything else (a group's name) as it is. */
export function shortDay(value: string | number): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value));
  return match ? `${Number(match[3])} ${MONTHS[Number(match[2]) - 1]}` : String(value);
}

'use client';

import { useEffect, useState } from 'react';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

export function formatRelative(date: Date, now: Date): string {
  const diff = date.getTime() - now.getTime();
  const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return rtf.format(Math.round(diff / ms), unit);
  }
  return 'just now';
}

/** "4 min ago", with the absolute time in the viewer's zone on hover. Re-renders every 30 s. */
export function RelativeTime({ date }: { date: Date | string }) {
  const value = typeof date === 'string' ? new Date(date) : date;
  const [now, setNow] = useState<Date | null>(null);
  useEffect(() => {
    setNow(new Date());
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const absolute = value.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  // Server HTML shows the absolute time; the relative form appears once the client knows "now".
  return (
    <time dateTime={value.toISOString()} title={absolute}>
      {now ? formatRelative(value, now) : absolute}
    </time>
  );
}

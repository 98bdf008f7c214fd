'use client';

import { useEffect, useState } from 'react';

const FORMAT: Intl.DateTimeFormatOptions = {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
};

/** An instant as a wall-clock time in `timeZone` ("Thu 5 Dec, 09:00 EST"); a fixed locale, so server and browser agree. */
export function formatInZone(instant: Date | string, timeZone: string): string {
  return new Date(instant).toLocaleString('en-GB', { ...FORMAT, timeZone });
}

/** The browser's own zone, once known (the server cannot know it: there is no per-user zone). */
export function useViewerTimeZone(): string | null {
  const [zone, setZone] = useState<string | null>(null);
  useEffect(() => setZone(Intl.DateTimeFormat().resolvedOptions().timeZone), []);
  return zone;
}

/**
 * An instant in a given zone, or in the viewer's (the browser's) when `timeZone` is omitted: that one is
 * rendered on the client only, from the ISO instant, and shows UTC until then.
 */
export function ZonedTime({ instant, timeZone }: { instant: Date | string; timeZone?: string }) {
  const viewer = useViewerTimeZone();
  const zone = timeZone ?? viewer ?? 'UTC';
  const iso = new Date(instant).toISOString();
  return (
    <time dateTime={iso} title={iso}>
      {formatInZone(instant, zone)}
    </time>
  );
}

/** A mean time as people read it: '25 min', '8 h 15 min', '2 d 3 h'; '—' when nothing was measured. */
export function durationText(ms: number | null): string {
  if (ms === null) return '—';
  const totalMinutes = Math.round(ms / 60_000);
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const mins = totalMinutes % 60;
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${mins} min`;
  return `${mins} min`;
}

/** A percentage to a tenth, '—' when nothing was decided. */
export function percentText(value: number | null): string {
  return value === null ? '—' : `${(Math.round(value * 10) / 10).toLocaleString('en')} %`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** '2026-11-16' → '16 Nov 2026'. */
export function dayText(day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  return `${date} ${MONTHS[month! - 1]} ${year}`;
}

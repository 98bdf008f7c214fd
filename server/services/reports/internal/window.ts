import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../../../db/client';
import { organisations } from '../../../../db/schema';
import { queryRows } from '../../../../db/sql';
import { type BucketUnit, bucketUnitFor, PERIOD_DAYS } from '../../../../workflows/reports/constants';
import type { TicketKind } from '../../../../workflows/tickets/constants';
import type { ReportFilter } from '../schemas';

/** The stretch of time a report covers, as the operator's clock on the wall reads it. */
export interface ReportWindow {
  /** Local midnight starting `firstDay`, as an instant (included). */
  from: Date;
  /** Local midnight after `lastDay` (excluded). */
  to: Date;
  /** First and last local day, both included ('YYYY-MM-DD'). */
  firstDay: string;
  lastDay: string;
  /** The operator organisation's IANA zone (UTC without one): where days and weeks begin. */
  timeZone: string;
  unit: BucketUnit;
  /** The ticket kinds counted. */
  kinds: TicketKind[];
}

/**
 * Resolves a filter to local days in the operator's time zone: "last N days" are the N local days ending
 * today, today read from the injected clock (`now`), so tests and reports agree on what "today" is.
 */
export async function resolveWindow(
  db: Executor,
  filter: ReportFilter,
  kinds: TicketKind[],
  now: Date,
): Promise<ReportWindow> {
  const custom = filter.period === 'custom';
  const back = filter.period === 'custom' ? 0 : PERIOD_DAYS[filter.period] - 1;
  const [row] = await queryRows<{
    timeZone: string;
    firstDay: string;
    lastDay: string;
    fromMs: number;
    toMs: number;
  }>(
    db,
    sql`with zone as (
          select coalesce((select o.time_zone from ${organisations} o where o.kind = 'operator'), 'UTC') as tz
        ), days as (
          select tz,
                 coalesce(${custom ? filter.from! : null}::date,
                          (${now.toISOString()}::timestamptz at time zone tz)::date - ${back}::int) as first_day,
                 coalesce(${custom ? filter.to! : null}::date,
                          (${now.toISOString()}::timestamptz at time zone tz)::date) as last_day
          from zone
        )
        select tz as "timeZone",
               to_char(first_day, 'YYYY-MM-DD') as "firstDay",
               to_char(last_day, 'YYYY-MM-DD') as "lastDay",
               (extract(epoch from (first_day::timestamp at time zone tz)) * 1000)::float8 as "fromMs",
               (extract(epoch from ((last_day + 1)::timestamp at time zone tz)) * 1000)::float8 as "toMs"
        from days`,
  );
  const days = Math.round((row!.toMs - row!.fromMs) / 86_400_000);
  return {
    from: new Date(row!.fromMs),
    to: new Date(row!.toMs),
    firstDay: row!.firstDay,
    lastDay: row!.lastDay,
    timeZone: row!.timeZone,
    unit: bucketUnitFor(filter.interval, days),
    kinds,
  };
}

/**
 * The common head of every trend query: `p` (the window's parameters, each bound once) and `buckets`
 * (every local day or week of the window, so a quiet day is a zero, not a gap). A timestamptz column
 * falls into bucket `date_trunc(p.unit, column at time zone p.tz)`.
 */
export function windowCtes(window: ReportWindow): SQL {
  return sql`p as (
      select ${window.timeZone}::text as tz, ${window.unit}::text as unit,
             ${window.from.toISOString()}::timestamptz as from_at, ${window.to.toISOString()}::timestamptz as to_at
    ), buckets as (
      select generate_series(
               date_trunc(p.unit, p.from_at at time zone p.tz),
               (p.to_at at time zone p.tz) - interval '1 microsecond',
               ('1 ' || p.unit)::interval
             ) as bucket
      from p
    )`;
}

/** The local bucket of a timestamptz expression (use inside a query with windowCtes, `p` joined). */
export const bucketOf = (column: SQL) => sql`date_trunc(p.unit, ${column} at time zone p.tz)`;

/** A bucket's label: the local date it starts on. */
export const bucketLabel = (bucket: SQL) => sql`to_char(${bucket}, 'YYYY-MM-DD')`;

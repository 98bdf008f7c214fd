import { type SQL, sql } from 'drizzle-orm';
import { tickets } from '../../../db/schema';
import { queryRows } from '../../../db/sql';
import type { TicketKind } from '../../../workflows/tickets/constants';
import type { ServiceContext } from '../kernel/context';
import { kindRows, reportWindow, weightedMean } from './internal/open-report';
import { countedTickets, reportableKinds } from './internal/scope';
import { bucketLabel, bucketOf, windowCtes } from './internal/window';
import type { ReportFilterInput } from './schemas';

export interface MttaMttrRow {
  /** The local day (or the Monday of the week) the bucket starts on. */
  bucket: string;
  kind: TicketKind;
  /** Tickets first acknowledged in the bucket, and their mean time from creation to acknowledgement. */
  acknowledged: number;
  mttaMs: number | null;
  /** Tickets resolved in the bucket, and their mean time from creation to resolution. */
  resolved: number;
  mttrMs: number | null;
}

/** Per bucket and kind: the tickets whose `at` fell in the window, and their mean time from creation to it. */
const meanSinceCreation = (at: SQL, counted: SQL) => sql`
  select ${bucketOf(at)} as bucket, t.kind, count(*)::int as n,
         avg(extract(epoch from (${at} - t.created_at)) * 1000)::float8 as mean
  from ${tickets} t cross join p
  where ${at} >= p.from_at and ${at} < p.to_at and ${counted}
  group by 1, 2`;

/**
 * reports.mttaMttr: MTTA and MTTR per local day or week and ticket kind. A ticket counts in the bucket in
 * which its figure became known (acknowledged, resolved), so a past bucket never changes later. Wall-clock
 * times, as the tickets' timestamps record them (SLA clocks, in business time, are the other reports').
 * "Acknowledged" is ACK for an outage and CONFIRM/DISMISS for a security incident.
 */
export async function mttaMttrReport(ctx: ServiceContext, rawInput: ReportFilterInput) {
  const allowed = reportableKinds(ctx.actor);
  const window = await reportWindow(ctx, allowed, rawInput);
  const counted = countedTickets(ctx.actor, window.kinds);
  const rows = await queryRows<MttaMttrRow>(
    ctx.db,
    sql`with ${windowCtes(window)}, ${kindRows(window.kinds)},
        acks as (${meanSinceCreation(sql`t.acknowledged_at`, counted)}),
        resolutions as (${meanSinceCreation(sql`t.resolved_at`, counted)})
        select ${bucketLabel(sql`b.bucket`)} as bucket, k.kind,
               coalesce(a.n, 0) as acknowledged, a.mean as "mttaMs",
               coalesce(r.n, 0) as resolved, r.mean as "mttrMs"
        from buckets b cross join kinds k
        left join acks a on a.bucket = b.bucket and a.kind = k.kind
        left join resolutions r on r.bucket = b.bucket and r.kind = k.kind
        order by b.bucket, k.kind`,
  );
  const totals = window.kinds.map((kind) => {
    const ofKind = rows.filter((r) => r.kind === kind);
    return {
      kind,
      acknowledged: ofKind.reduce((n, r) => n + r.acknowledged, 0),
      mttaMs: weightedMean(ofKind.map((r) => ({ n: r.acknowledged, mean: r.mttaMs }))),
      resolved: ofKind.reduce((n, r) => n + r.resolved, 0),
      mttrMs: weightedMean(ofKind.map((r) => ({ n: r.resolved, mean: r.mttrMs }))),
    };
  });
  return { window, rows, totals };
}

import { sql } from 'drizzle-orm';
import { slaClocks, tickets } from '../../../db/schema';
import { queryRows } from '../../../db/sql';
import type { SlaMetric } from '../../../workflows/sla/constants';
import type { ServiceContext } from '../kernel/context';
import { reportWindow } from './internal/open-report';
import { countedTickets, reportableKinds } from './internal/scope';
import { bucketLabel, bucketOf, windowCtes } from './internal/window';
import type { ReportFilterInput } from './schemas';

export type BreachesRow = { bucket: string; total: number } & Record<SlaMetric, number>;

/**
 * reports.breaches: SLA and OLA breaches per local day or week, by metric, counted when they happened
 * (the clock's breached_at), whether the clock has stopped since or not. The OLA clocks (handoff
 * acceptance, NOC action) run on the outage, so they count with outages.
 */
export async function breachesReport(ctx: ServiceContext, rawInput: ReportFilterInput) {
  const allowed = reportableKinds(ctx.actor);
  const window = await reportWindow(ctx, allowed, rawInput);
  const rows = await queryRows<BreachesRow>(
    ctx.db,
    sql`with ${windowCtes(window)},
        breached as (
          select ${bucketOf(sql`c.breached_at`)} as bucket, c.metric
          from ${slaClocks} c join ${tickets} t on t.id = c.ticket_id cross join p
          where c.breached_at >= p.from_at and c.breached_at < p.to_at
            and ${countedTickets(ctx.actor, window.kinds)}
        )
        select ${bucketLabel(sql`b.bucket`)} as bucket,
               count(x.metric) filter (where x.metric = 'response')::int as response,
               count(x.metric) filter (where x.metric = 'resolution')::int as resolution,
               count(x.metric) filter (where x.metric = 'handoff_acceptance')::int as handoff_acceptance,
               count(x.metric) filter (where x.metric = 'noc_action')::int as noc_action,
               count(x.metric)::int as total
        from buckets b left join breached x on x.bucket = b.bucket
        group by b.bucket order by b.bucket`,
  );
  return { window, rows, total: rows.reduce((n, r) => n + r.total, 0) };
}

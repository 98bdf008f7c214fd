import { sql } from 'drizzle-orm';
import { handoffs, slaClocks, tickets } from '../../../db/schema';
import { queryRows } from '../../../db/sql';
import type { ServiceContext } from '../kernel/context';
import { parseInput } from '../kernel/parse';
import { countedTickets, reportableKinds } from './internal/scope';
import { bucketLabel, bucketOf, resolveWindow, windowCtes } from './internal/window';
import { type ReportFilterInput, reportFilterInput } from './schemas';

export interface HandoffRow {
  /** The local day (or week) the handoffs were requested in. */
  bucket: string;
  requested: number;
  accepted: number;
  declined: number;
  /** Still waiting for the SOC (requested or escalated). */
  waiting: number;
  /** Decided after the acceptance OLA ran out (or still waiting past it). */
  overOla: number;
  /** Request → decision, over the decided ones. */
  meanDecisionMs: number | null;
  p90DecisionMs: number | null;
  /** accepted / (accepted + declined), in percent; null before any decision. */
  acceptanceRate: number | null;
}

const HANDOFF_KINDS = ['outage'] as const;

/**
 * reports.handoffs: NOC → SOC handoffs per local day or week of their request: how many, how they were
 * decided, how long the SOC took (mean and 90th percentile) and the acceptance rate. A handoff is both
 * teams' business, so every staff member with reports sees it, whatever kind the filter counts; it is
 * counted through its outage, which need-to-know lets every staff member see.
 */
export async function handoffAcceptanceReport(ctx: ServiceContext, rawInput: ReportFilterInput) {
  const allowed = reportableKinds(ctx.actor);
  // The kind filter does not apply: every handoff is an outage's, on its way to a security incident.
  const filter = parseInput(reportFilterInput, rawInput);
  const window = await resolveWindow(ctx.db, filter, [...allowed], ctx.now());
  const rows = await queryRows<Omit<HandoffRow, 'acceptanceRate'>>(
    ctx.db,
    sql`with ${windowCtes(window)},
        requested as (
          select ${bucketOf(sql`h.requested_at`)} as bucket, h.status,
                 extract(epoch from (h.decided_at - h.requested_at)) * 1000 as decision_ms,
                 exists (select 1 from ${slaClocks} c
                         where c.ticket_id = h.outage_id and c.metric = 'handoff_acceptance'
                           and c.subject_key = h.id::text and c.state in ('met_late', 'breached')) as over_ola
          from ${handoffs} h join ${tickets} t on t.id = h.outage_id cross join p
          where h.requested_at >= p.from_at and h.requested_at < p.to_at
            and ${countedTickets(ctx.actor, HANDOFF_KINDS)}
        )
        select ${bucketLabel(sql`b.bucket`)} as bucket,
               count(x.status)::int as requested,
               count(x.status) filter (where x.status = 'accepted')::int as accepted,
               count(x.status) filter (where x.status = 'declined')::int as declined,
               count(x.status) filter (where x.status in ('requested', 'escalated'))::int as waiting,
               count(x.status) filter (where x.over_ola)::int as "overOla",
               avg(x.decision_ms)::float8 as "meanDecisionMs",
               percentile_cont(0.9) within group (order by x.decision_ms)::float8 as "p90DecisionMs"
        from buckets b left join requested x on x.bucket = b.bucket
        group by b.bucket order by b.bucket`,
  );
  const withRate = rows.map(
    (r): HandoffRow => ({
      ...r,
      acceptanceRate: r.accepted + r.declined ? (100 * r.accepted) / (r.accepted + r.declined) : null,
    }),
  );
  return { window, rows: withRate };
}

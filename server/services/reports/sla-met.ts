import { sql } from 'drizzle-orm';
import { organisations, slaClocks, tickets } from '../../../db/schema';
import { queryRows } from '../../../db/sql';
import { CUSTOMER_METRICS } from '../../../workflows/sla/constants';
import { PRIORITIES, type Priority } from '../../../workflows/tickets/constants';
import type { ServiceContext } from '../kernel/context';
import { reportWindow } from './internal/open-report';
import { countedTickets, reportableKinds } from './internal/scope';
import { windowCtes } from './internal/window';
import type { ReportFilterInput } from './schemas';

export type Team = 'noc' | 'soc';
export type CustomerMetric = (typeof CUSTOMER_METRICS)[number];

/** Outcomes of one group's clocks of one metric. */
export interface SlaOutcome {
  metric: CustomerMetric;
  /** Stopped within target. */
  met: number;
  /** Breached: stopped late, or still running past the target. */
  missed: number;
  /** Still running (or paused) within target: not decided yet, so not in the percentage. */
  pending: number;
  /** met / (met + missed), or null when nothing was decided. */
  percentMet: number | null;
}

export interface SlaMetRow<G> extends SlaOutcome {
  group: G;
}

interface GroupedRow {
  dimension: 'priority' | 'team' | 'customer';
  priority: Priority | null;
  team: Team | null;
  customerSlug: string | null;
  customer: string | null;
  metric: CustomerMetric;
  met: number;
  missed: number;
  pending: number;
}

/**
 * reports.slaMet: % of the customer-facing SLAs (response, resolution) met, by priority, by team (an
 * outage's clocks are the NOC's, an incident's the SOC's) and by customer, over the clocks that started in
 * the window (as sla.metrics counts them). One statement: GROUPING SETS, one set per breakdown.
 * Customers come in byte order of their names (collate "C"), the same on every engine and collation.
 */
export async function slaMetReport(ctx: ServiceContext, rawInput: ReportFilterInput) {
  const allowed = reportableKinds(ctx.actor);
  const window = await reportWindow(ctx, allowed, rawInput);
  const metrics = sql.join(
    CUSTOMER_METRICS.map((m) => sql`${m}`),
    sql`, `,
  );
  const grouped = await queryRows<GroupedRow>(
    ctx.db,
    sql`with ${windowCtes(window)},
        clocks as (
          select c.metric, c.state, t.priority,
                 case when t.kind = 'outage' then 'noc' else 'soc' end as team,
                 o.slug as "customerSlug", o.name as customer
          from ${slaClocks} c
          join ${tickets} t on t.id = c.ticket_id
          join ${organisations} o on o.id = t.organisation_id
          cross join p
          where c.metric in (${metrics}) and c.started_at >= p.from_at and c.started_at < p.to_at
            and ${countedTickets(ctx.actor, window.kinds)}
        )
        select case when grouping(priority) = 0 then 'priority'
                    when grouping(team) = 0 then 'team' else 'customer' end as dimension,
               priority, team, "customerSlug", customer, metric,
               count(*) filter (where state = 'met')::int as met,
               count(*) filter (where state in ('met_late', 'breached'))::int as missed,
               count(*) filter (where state in ('running', 'paused'))::int as pending
        from clocks
        group by grouping sets ((metric, priority), (metric, team), (metric, "customerSlug", customer))
        order by dimension, priority, team, customer collate "C", "customerSlug", metric`,
  );
  const outcome = (r: GroupedRow): SlaOutcome => ({
    metric: r.metric,
    met: r.met,
    missed: r.missed,
    pending: r.pending,
    percentMet: r.met + r.missed ? (100 * r.met) / (r.met + r.missed) : null,
  });
  const teams: Team[] = window.kinds.map((kind) => (kind === 'outage' ? 'noc' : 'soc'));
  // Every priority and counted team gets its rows (zeros when quiet), so the charts keep their shape.
  const filled = <G extends string>(groups: readonly G[], key: 'priority' | 'team') =>
    groups.flatMap((group) =>
      CUSTOMER_METRICS.map((metric): SlaMetRow<G> => {
        const found = grouped.find((r) => r.dimension === key && r[key] === group && r.metric === metric);
        return { group, ...(found ? outcome(found) : { ...EMPTY, metric }) };
      }),
    );
  return {
    window,
    byPriority: filled(PRIORITIES, 'priority'),
    byTeam: filled(teams, 'team'),
    byCustomer: grouped
      .filter((r) => r.dimension === 'customer')
      .map((r): SlaMetRow<string> & { slug: string } => ({
        group: r.customer!,
        slug: r.customerSlug!,
        ...outcome(r),
      })),
  };
}

const EMPTY = { met: 0, missed: 0, pending: 0, percentMet: null } as const;

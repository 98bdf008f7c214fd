import { sql } from 'drizzle-orm';
import { organisations, slaClocks, tickets } from '../../../db/schema';
import { queryRows } from '../../../db/sql';
import { roleHas } from '../../auth/permissions';
import { ticketVisibility } from '../kernel/access';
import type { ServiceContext } from '../kernel/context';
import { badRequest, forbidden } from '../kernel/errors';
import { parseInput } from '../kernel/parse';
import { type MetricsInput, metricsInput } from './schemas';

export interface ClockOutcomeRow {
  month: string;
  metric: string;
  team: 'noc' | 'soc';
  priority: string;
  organisation: string;
  met: number;
  missed: number;
  /** Breached and still running: missed already, not yet stopped. */
  breachedOpen: number;
  /** met / (met + missed + breachedOpen), or null when nothing was decided. */
  percentMet: number | null;
}

const MONTH_MS = 31 * 24 * 3_600_000;

/**
 * sla.metrics: MTTA and MTTR, % met per metric / priority / team / customer / month, breach counts, and
 * what is breaching or at risk (due within the hour) right now. Staff only; customers get their own
 * organisation through the portal reports (a later issue).
 */
export async function slaMetrics(ctx: ServiceContext, rawInput: MetricsInput) {
  if (ctx.actor.type !== 'system' && !(ctx.actor.type === 'user' && roleHas(ctx.actor.role, 'console.use'))) {
    throw forbidden();
  }
  const input = parseInput(metricsInput, rawInput);
  if (input.to <= input.from || input.to.getTime() - input.from.getTime() > 24 * MONTH_MS) {
    throw badRequest('Invalid input', {
      to: ['Choose a range of at most two years, ending after it starts'],
    });
  }
  const now = ctx.now();
  // Need-to-know holds for aggregates too: counts of incidents a NOC engineer may not see are not theirs.
  const visible = ticketVisibility(ctx.actor);
  const orgFilter = sql`${input.organisationId ? sql`and t.organisation_id = ${input.organisationId}` : sql``}
    ${visible ? sql`and t.id in (select ${tickets.id} from ${tickets} where ${visible})` : sql``}`;
  const team = sql`case when t.kind = 'outage' then 'noc' else 'soc' end`;

  const [times] = await queryRows<{ mtta: number | null; mttr: number | null; tickets: number }>(
    ctx.db,
    sql`select avg(extract(epoch from (t.acknowledged_at - t.created_at)) * 1000)::float8 as mtta,
               avg(extract(epoch from (t.resolved_at - t.created_at)) * 1000)::float8 as mttr,
               count(*)::int as tickets
        from ${tickets} t where t.created_at >= ${input.from} and t.created_at < ${input.to} ${orgFilter}`,
  );
  const outcomes = await queryRows<Omit<ClockOutcomeRow, 'percentMet'>>(
    ctx.db,
    sql`select to_char(date_trunc('month', c.started_at at time zone 'UTC'), 'YYYY-MM') as month,
               c.metric, ${team} as team, t.priority, o.slug as organisation,
               count(*) filter (where c.state = 'met')::int as met,
               count(*) filter (where c.state = 'met_late')::int as missed,
               count(*) filter (where c.state = 'breached')::int as "breachedOpen"
        from ${slaClocks} c join ${tickets} t on t.id = c.ticket_id join ${organisations} o on o.id = t.organisation_id
        where c.started_at >= ${input.from} and c.started_at < ${input.to} ${orgFilter}
        group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`,
  );
  const [live] = await queryRows<{ breaching: number; atRisk: number }>(
    ctx.db,
    sql`select count(*) filter (where c.state = 'breached')::int as breaching,
               count(*) filter (where c.state = 'running' and c.due_at <= ${new Date(now.getTime() + 3_600_000)})::int as "atRisk"
        from ${slaClocks} c join ${tickets} t on t.id = c.ticket_id where true ${orgFilter}`,
  );
  const rows: ClockOutcomeRow[] = outcomes.map((r) => {
    const decided = r.met + r.missed + r.breachedOpen;
    return { ...r, percentMet: decided ? (100 * r.met) / decided : null };
  });
  const total = rows.reduce(
    (sum, r) => ({ met: sum.met + r.met, missed: sum.missed + r.missed + r.breachedOpen }),
    {
      met: 0,
      missed: 0,
    },
  );
  return {
    from: input.from,
    to: input.to,
    tickets: times?.tickets ?? 0,
    mttaMs: times?.mtta ?? null,
    mttrMs: times?.mttr ?? null,
    percentMet: total.met + total.missed ? (100 * total.met) / (total.met + total.missed) : null,
    breaches: total.missed,
    breachingNow: live?.breaching ?? 0,
    atRiskNow: live?.atRisk ?? 0,
    rows,
  };
}

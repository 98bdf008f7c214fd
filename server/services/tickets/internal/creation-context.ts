import { sql } from 'drizzle-orm';
import type { Reader } from '../../../../db/client';
import type { escalationPolicies } from '../../../../db/schema';
import { queryRows } from '../../../../db/sql';
import type { ClockContract } from '../../sla/internal/ticket-clocks';

/** Everything creating a batch of tickets reads, in one statement (tickets/create.ts insertTickets). */
export interface CreationContext {
  /** The organisations that exist, with their SLA contract (null without a policy). */
  organisations: Map<string, ClockContract | null>;
  /** Services that exist and are not retired, with their organisation. */
  services: Map<string, string>;
  escalationPolicies: Map<string, Pick<typeof escalationPolicies.$inferSelect, 'id' | 'levels' | 'repeat'>>;
  /** Fresh ticket numbers, ascending, as many of each kind as asked for. */
  numbers: { outage: number[]; security: number[] };
}

interface Row {
  orgs: {
    id: string;
    policyId: string | null;
    calendarId: string;
    targets: ClockContract['policy']['targets'];
    warnThresholds: number[];
    escalationPolicyId: string | null;
  }[];
  services: { id: string; organisationId: string }[];
  calendars: ClockContract['calendars'];
  escalations: { id: string; levels: never; repeat: number }[];
  outage: (number | string)[];
  security: (number | string)[];
}

const ids = (list: readonly string[]) => JSON.stringify([...new Set(list)]);

/**
 * Reads a batch creation's context: the organisations (and their SLA policies, the calendars those name,
 * their escalation policies), the services, and the ticket numbers, one statement instead of six per
 * ticket. A calendar is fetched when its policy names it or its id appears in the policy's targets (a
 * superset: the planner picks by id). The ids are uuids (the input schema checks them).
 */
export async function loadCreationContext(
  tx: Reader,
  want: {
    organisationIds: readonly string[];
    serviceIds: readonly string[];
    outages: number;
    securities: number;
  },
): Promise<CreationContext> {
  const [row] = await queryRows<Row>(
    tx,
    sql`with orgs as (
          select o.id, p.id as policy_id, p.calendar_id, p.targets, p.warn_thresholds, p.escalation_policy_id
          from organisations o left join sla_policies p on p.id = o.sla_policy_id
          where o.id in (select jsonb_array_elements_text(${ids(want.organisationIds)}::jsonb)::uuid))
        select
          (select coalesce(json_agg(json_build_object('id', id, 'policyId', policy_id, 'calendarId', calendar_id,
             'targets', targets, 'warnThresholds', warn_thresholds, 'escalationPolicyId', escalation_policy_id)), '[]')
           from orgs) as orgs,
          (select coalesce(json_agg(json_build_object('id', s.id, 'organisationId', s.organisation_id)), '[]')
           from services s
           where s.id in (select jsonb_array_elements_text(${ids(want.serviceIds)}::jsonb)::uuid)
             and s.retired_at is null) as services,
          (select coalesce(json_agg(json_build_object('id', b.id, 'timeZone', b.time_zone, 'weekly', b.weekly,
             'holidays', b.holidays, 'holidayPreset', b.holiday_preset)), '[]')
           from business_calendars b
           where exists (select 1 from orgs
                         where b.id = orgs.calendar_id or strpos(lower(orgs.targets::text), b.id::text) > 0)) as calendars,
          (select coalesce(json_agg(json_build_object('id', e.id, 'levels', e.levels, 'repeat', e.repeat)), '[]')
           from escalation_policies e where e.id in (select escalation_policy_id from orgs)) as escalations,
          (select coalesce(json_agg(n), '[]') from (select nextval('outage_number_seq') as n
             from generate_series(1, ${want.outages}::int)) o) as outage,
          (select coalesce(json_agg(n), '[]') from (select nextval('security_number_seq') as n
             from generate_series(1, ${want.securities}::int)) s) as security`,
  );
  const calendars = row!.calendars;
  const organisations = new Map<string, ClockContract | null>(
    row!.orgs.map((o) => [
      o.id,
      o.policyId
        ? {
            policy: {
              calendarId: o.calendarId,
              targets: o.targets,
              warnThresholds: o.warnThresholds,
              escalationPolicyId: o.escalationPolicyId,
            },
            calendars,
          }
        : null,
    ]),
  );
  const numbers = (list: (number | string)[]) => list.map(Number).sort((a, b) => a - b);
  return {
    organisations,
    services: new Map(row!.services.map((s) => [s.id, s.organisationId])),
    escalationPolicies: new Map(row!.escalations.map((e) => [e.id, e])),
    numbers: { outage: numbers(row!.outage), security: numbers(row!.security) },
  };
}

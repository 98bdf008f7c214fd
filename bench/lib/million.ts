// A realistic 1,000,000-ticket world for the benchmarks at scale (bench/queue-million.ts): the demo world,
// 40 more customer organisations with five services each, and set-based (INSERT … SELECT generate_series)
// tickets, ticket→service links and SLA clocks, loaded in a few minutes.
//
// The mix, as a NOC of some years looks: 90 % outages, 10 % security incidents; 1 % of all tickets open
// (10,000: the open queue of issue #12)
// (outages in new / acknowledged / investigating / identified / monitoring / on hold, incidents in triage …
// post-incident), the rest resolved or closed over the past three years; priorities P1 5 %, P2 15 %,
// P3 40 %, P4 40 %; every ticket on one of 43 customers and one or two of its services; every ticket with a
// response and a resolution clock (met, met late, breached, running or paused as its state implies).
//
// Times are relative to `now` (the wall clock when the production server is to run on the data): running
// clocks come due between 1 h and 30 days after it, so a server started on the world has nothing to sweep
// during a benchmark; the overdue ones are already breached.
//
// What is approximate, deliberately: the lifecycle and clock machine JSON of each row is its state's
// template (one per status / clock state, made by the pure machines), not replayed per ticket with its own
// times; the list, the status page and the sweep read the columns, which are set per row and satisfy
// every CHECK constraint. Tickets carry an empty audit chain (head 0, genesis hash: no events), which is
// consistent (the verifier and the append path accept it); no trigger guards these tables, so none is
// bypassed. The secondary indexes of the loaded tables are dropped for the load and recreated from their
// own definitions (pg_get_indexdef) afterwards, which is much faster than maintaining them row by row.

import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { type DatabaseHandle, fromPostgres } from '../../db/client';
import { migrateDatabase } from '../../db/migrate';
import { queryRows } from '../../db/sql';
import { seedIfEmpty } from '../../server/services/seed/seed';
import type { PersistedLifecycle } from '../../workflows/machines';
import { type LifecycleEvent, startLifecycle, stepLifecycle } from '../../workflows/machines';
import { CALENDAR_24X7 } from '../../workflows/sla/calendar';
import {
  applyClockCommand,
  dueChecks,
  fireCheck,
  type PersistedClock,
  startClock,
} from '../../workflows/sla/clock';
import { HOUR_MS } from '../../workflows/sla/constants';

export interface MillionLayout {
  tickets: number;
  /** One ticket in `openEvery` is open. */
  openEvery: number;
  extraOrganisations: number;
}

export const MILLION: MillionLayout = { tickets: 1_000_000, openEvery: 100, extraOrganisations: 40 };

export interface MillionLoad {
  tickets: number;
  openTickets: number;
  openOutages: number;
  clocks: number;
  links: number;
  organisations: number;
  steps: { what: string; ms: number }[];
  totalMs: number;
  databaseBytes: number;
}

// ---------------------------------------------------------------------------------------------------
// Templates from the pure machines

function walk(machine: 'outage' | 'security', events: LifecycleEvent[]): Map<string, PersistedLifecycle> {
  const out = new Map<string, PersistedLifecycle>();
  let view = startLifecycle(machine);
  out.set(view.status, view.persisted);
  for (const event of events) {
    const step = stepLifecycle(view.persisted, event);
    if (!step.ok) throw new Error(`template ${machine}: ${event.type} refused: ${step.message}`);
    view = step.view;
    out.set(view.status, view.persisted);
  }
  return out;
}

export function lifecycleTemplates(): {
  outage: Map<string, PersistedLifecycle>;
  security: Map<string, PersistedLifecycle>;
  securityLink: string;
} {
  const outage = walk('outage', [
    { type: 'ACK' },
    { type: 'HOLD', reason: 'vendor' },
    { type: 'RESUME' },
    { type: 'INVESTIGATE' },
    { type: 'IDENTIFY' },
    { type: 'FIX' },
    { type: 'RESOLVE', resolutionSummary: 'Replaced the faulty optic.', causeCategory: 'hardware' },
    { type: 'CLOSE' },
  ]);
  const security = walk('security', [
    { type: 'CONFIRM', severity: 'medium' },
    { type: 'CONTAIN' },
    { type: 'ERADICATE' },
    { type: 'RECOVER' },
    { type: 'REVIEW', rootCause: 'Phished credentials.' },
    { type: 'CLOSE', lessonsLearned: 'Enforce hardware keys.' },
  ]);
  return { outage, security, securityLink: startLifecycle('outage').securityLink ?? 'none' };
}

/** One clock machine per state the load uses (running with its warnings fired, met, breached, met late, paused). */
export function clockTemplates(at: number): Record<string, PersistedClock> {
  const target = 4 * HOUR_MS;
  const fire = (clock: PersistedClock, now: number) => {
    let current = clock;
    for (const check of dueChecks(current, CALENDAR_24X7, now)) {
      const fired = fireCheck(current, check);
      if (!fired.ok) throw new Error(`clock template: ${fired.message}`);
      current = fired.persisted;
    }
    return current;
  };
  const command = (clock: PersistedClock, c: Parameters<typeof applyClockCommand>[1]) => {
    const result = applyClockCommand(clock, c, CALENDAR_24X7);
    if (!result.ok) throw new Error(`clock template: ${result.message}`);
    return result.persisted;
  };
  const started = startClock({ metric: 'resolution', at, targetMs: target });
  const running = fire(started, at + target - 1);
  const breached = fire(started, at + target + 1);
  return {
    running,
    met: command(started, { type: 'STOP', at: at + HOUR_MS }),
    breached,
    met_late: command(breached, { type: 'STOP', at: at + target + HOUR_MS }),
    paused: command(started, { type: 'PAUSE', at: at + HOUR_MS }),
  };
}

// ---------------------------------------------------------------------------------------------------
// Loading

/** Drops the non-constraint indexes of `tables`, runs `load`, recreates them exactly as they were. */
async function withIndexesRebuilt(
  handle: DatabaseHandle,
  tables: string[],
  load: () => Promise<void>,
  step: (what: string, run: () => Promise<unknown>) => Promise<void>,
): Promise<void> {
  const list = sql.join(
    tables.map((t) => sql`${t}`),
    sql`, `,
  );
  const indexes = await queryRows<{ name: string; def: string }>(
    handle.db,
    sql`select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
      from pg_index i join pg_class t on t.oid = i.indrelid
      where t.relname in (${list}) and t.relnamespace = 'public'::regnamespace
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
  );
  for (const index of indexes) await handle.db.execute(sql.raw(`drop index ${index.name}`));
  await load();
  await step(`recreate ${indexes.length} indexes`, async () => {
    for (const index of indexes) await handle.db.execute(sql.raw(index.def));
  });
}

/**
 * Migrates and seeds (demo world) the empty database at `databaseUrl`, then loads the world at `layout`.
 */
export async function loadMillionWorld(
  databaseUrl: string,
  options: { layout?: MillionLayout; now: Date; log: (line: string) => void },
): Promise<MillionLoad> {
  // The migrator holds an advisory lock on one connection and migrates on another: a pool of its own.
  const migrator = fromPostgres(databaseUrl, 2);
  // The load on one connection, so the session settings below apply to every statement of it.
  const handle = fromPostgres(databaseUrl, 1);
  try {
    return await load(migrator, handle, options);
  } finally {
    await migrator.close();
    await handle.close();
  }
}

async function load(
  migrator: DatabaseHandle,
  handle: DatabaseHandle,
  options: { layout?: MillionLayout; now: Date; log: (line: string) => void },
): Promise<MillionLoad> {
  const layout = options.layout ?? MILLION;
  const db = handle.db;
  const steps: MillionLoad['steps'] = [];
  const started = performance.now();
  const step = async (what: string, run: () => Promise<unknown>) => {
    options.log(`load: ${what}`);
    const t0 = performance.now();
    await run();
    steps.push({ what, ms: performance.now() - t0 });
  };
  const now = options.now.getTime();
  await step('migrate and seed the demo world', async () => {
    await migrateDatabase(migrator);
    await seedIfEmpty(migrator.db, { demo: true, now: () => new Date(now - 400 * 24 * HOUR_MS) });
  });
  // A bulk load: no need to wait for the WAL flush per statement; bigger sort memory for the index builds.
  await db.execute(sql`set synchronous_commit = off`);
  await db.execute(sql`set maintenance_work_mem = '256MB'`);
  await db.execute(sql`set work_mem = '64MB'`);

  await step(`${layout.extraOrganisations} customer organisations with 5 services each`, async () => {
    await db.execute(sql`
      insert into organisations (id, slug, name, kind, time_zone)
      select md5('wf-org-' || g)::uuid, 'bench-customer-' || g, 'Bench Customer ' || g, 'customer', 'UTC'
      from generate_series(1, ${layout.extraOrganisations}::integer) g`);
    await db.execute(sql`
      insert into services (id, organisation_id, slug, name, position)
      select md5('wf-service-' || o.id || s)::uuid, o.id, 'service-' || s, 'Service ' || s, s
      from organisations o, generate_series(1, 5) s where o.slug like 'bench-customer-%'`);
  });

  const lifecycles = lifecycleTemplates();
  const clocks = clockTemplates(now - 30 * 24 * HOUR_MS);
  const lifecycleCase = (kind: 'outage' | 'security', statusExpr: string) =>
    sql.raw(
      `case ${statusExpr} ${[...lifecycles[kind]]
        .map(
          ([status, persisted]) =>
            `when '${status}' then '${JSON.stringify(persisted).replace(/'/g, "''")}'::jsonb`,
        )
        .join(' ')} end`,
    );
  const clockCase = (stateExpr: string) =>
    sql.raw(
      `case ${stateExpr} ${Object.entries(clocks)
        .map(
          ([state, machine]) =>
            `when '${state}' then '${JSON.stringify(machine).replace(/'/g, "''")}'::jsonb`,
        )
        .join(' ')} end`,
    );
  const nowText = options.now.toISOString();
  const n = layout.tickets;
  const openEvery = layout.openEvery;

  await withIndexesRebuilt(
    handle,
    ['tickets', 'ticket_services', 'sla_clocks'],
    async () => {
      await step(`${n.toLocaleString('en-US')} tickets`, async () => {
        // Per ticket number g: kind, open or not, status, priority, organisation, times. Numbers start past
        // anything the demo world or a later create uses (the sequences are moved past them below).
        await db.execute(sql`
          with orgs as (select array_agg(id order by slug) as ids from organisations where kind = 'customer'),
          base as (
            select g, (g % 10 = 3) as security, (g % ${openEvery}::integer = 0) as open,
              (g / ${openEvery}::integer) % 6 as phase, (g * 2654435761::bigint) % 100 as roll
            from generate_series(1, ${n}::integer) g
          ),
          shaped as (
            select b.*,
              case when b.security then
                case when b.open then (array['triage','investigating','containment','eradication','recovery','post_incident'])[1 + b.phase] else 'closed' end
              else
                case when b.open then (array['new','acknowledged','investigating','identified','monitoring','on_hold'])[1 + b.phase]
                  when b.g % 7 = 0 then 'resolved' else 'closed' end
              end as status,
              case when b.roll < 5 then 'P1' when b.roll < 20 then 'P2' when b.roll < 60 then 'P3' else 'P4' end as priority,
              case when b.open then ${nowText}::timestamptz - ((b.g::bigint * 7919) % 172800) * interval '1 second'
                else ${nowText}::timestamptz - interval '3 days' - (${n}::integer - b.g) * interval '94 seconds' end as created
            from base b
          )
          insert into tickets (id, kind, number, organisation_id, title, description, impact, urgency, priority,
            status, security_link, lifecycle, source, assignee_id, severity, tlp, resolution_summary, cause_category,
            resolution, created_at, updated_at, acknowledged_at, resolved_at, closed_at)
          select md5('wf-ticket-' || s.g)::uuid,
            case when s.security then 'security' else 'outage' end,
            1000000 + s.g,
            o.ids[(1 + (s.g::bigint * 40503) % array_length(o.ids, 1))::integer],
            case when s.security then 'Suspicious activity on host ' || s.g
              else (array['Link down','Packet loss','BGP session flapping','High latency','DNS failures','Power alarm'])[1 + s.g % 6] || ' at site ' || (s.g % 977) end,
            'Reported by monitoring, reference ' || s.g,
            (array['high','medium','low'])[1 + s.g % 3], (array['high','medium','low'])[1 + (s.g / 3) % 3],
            s.priority, s.status,
            case when s.security then null else ${lifecycles.securityLink} end,
            case when s.security then ${lifecycleCase('security', 's.status')} else ${lifecycleCase('outage', 's.status')} end,
            case when s.g % 3 = 0 then 'alertmanager' else 'manual' end,
            case when s.g % 4 = 0 then (select id from users where email = 'noc@watchfloor.test') end,
            case when s.security then (array['low','medium','high','critical'])[1 + s.g % 4] end,
            case when s.security then 'AMBER' end,
            case when not s.security and s.status in ('resolved','closed') then 'Restored after a reroute.' end,
            case when not s.security and s.status in ('resolved','closed') then 'hardware' end,
            case when s.security and s.status = 'closed' then 'true_positive_no_impact' end,
            s.created, s.created + interval '2 hours',
            case when s.status not in ('new','triage') then s.created + interval '10 minutes' end,
            case when s.status in ('resolved','closed') then s.created + interval '2 hours' end,
            case when s.status = 'closed' then s.created + interval '2 hours' end
          from shaped s, orgs o`);
        await db.execute(sql`select setval('outage_number_seq', ${n + 1_000_001}::bigint)`);
        await db.execute(sql`select setval('security_number_seq', ${n + 1_000_001}::bigint)`);
      });
      await step('ticket → service links', async () => {
        // One service of the ticket's organisation, a second one for every fifth ticket.
        await db.execute(sql`
          insert into ticket_services (ticket_id, service_id)
          select t.id, x.service_id from tickets t
          cross join lateral (
            select array_agg(s.id order by s.position, s.slug) as ids from services s where s.organisation_id = t.organisation_id
          ) svc
          cross join lateral (
            select distinct svc.ids[(1 + (t.number::bigint * k) % array_length(svc.ids, 1))::integer] as service_id
            from generate_series(1, case when t.number % 5 = 0 then 2 else 1 end) k
          ) x
          where t.number > 1000000 and svc.ids is not null`);
      });
      await step('SLA clocks (response and resolution per ticket)', async () => {
        // State per ticket: done tickets have met clocks (one in ten met late, with its breach recorded);
        // open ones a met response (except new / triage: running) and a resolution clock that is running,
        // paused (on hold) or, one in eight, already breached.
        await db.execute(sql`
          with c as (
            select t.id as ticket_id, t.number, t.created_at, t.status, m.metric,
              case
                when t.status in ('resolved','closed') then case when t.number % 10 = 1 then 'met_late' else 'met' end
                when m.metric = 'response' and t.status not in ('new','triage') then 'met'
                when t.status = 'on_hold' and m.metric = 'resolution' then 'paused'
                when t.number % 8 = 5 then 'breached'
                else 'running'
              end as state,
              case m.metric when 'response' then 30 * 60000 else 4 * 3600000 end::bigint as target
            from tickets t cross join (values ('response'), ('resolution')) m(metric)
            where t.number > 1000000
          )
          insert into sla_clocks (ticket_id, metric, subject_key, state, machine, target_ms, elapsed_ms, started_at,
            due_at, next_check_at, paused_at, breached_at, met_at, warned, updated_at)
          select c.ticket_id, c.metric, '', c.state, ${clockCase('c.state')}, c.target,
            case when c.state in ('met','met_late','breached') then c.target else 0 end,
            c.created_at,
            case c.state
              when 'running' then ${nowText}::timestamptz + interval '1 hour' + ((c.number::bigint * 7919) % 43200) * interval '1 minute'
              when 'breached' then ${nowText}::timestamptz - ((c.number::bigint * 7919) % 120) * interval '1 minute'
              when 'paused' then null
              else c.created_at + c.target * interval '1 millisecond' end,
            case c.state
              when 'running' then ${nowText}::timestamptz + interval '1 hour' + ((c.number::bigint * 7919) % 43200) * interval '1 minute' end,
            case when c.state = 'paused' then c.created_at + interval '20 minutes' end,
            case when c.state in ('breached','met_late') then c.created_at + c.target * interval '1 millisecond' end,
            case when c.state in ('met','met_late') then c.created_at + interval '1 hour' end,
            case when c.state = 'running' then '{75,90}'::integer[] else '{}'::integer[] end,
            c.created_at + interval '2 hours'
          from c`);
      });
    },
    step,
  );
  await step('vacuum analyze', async () => {
    await db.execute(sql`vacuum analyze tickets`);
    await db.execute(sql`vacuum analyze ticket_services`);
    await db.execute(sql`vacuum analyze sla_clocks`);
  });
  const [counts] = await queryRows<{
    tickets: number;
    open: number;
    open_outages: number;
    clocks: number;
    links: number;
    orgs: number;
    bytes: string;
  }>(
    db,
    sql`select (select count(*)::int from tickets) as tickets,
      (select count(*)::int from tickets where status not in ('resolved','closed')) as open,
      (select count(*)::int from tickets where kind = 'outage' and status not in ('resolved','closed')) as open_outages,
      (select count(*)::int from sla_clocks) as clocks,
      (select count(*)::int from ticket_services) as links,
      (select count(*)::int from organisations) as orgs,
      pg_database_size(current_database())::text as bytes`,
  );
  return {
    tickets: counts!.tickets,
    openTickets: counts!.open,
    openOutages: counts!.open_outages,
    clocks: counts!.clocks,
    links: counts!.links,
    organisations: counts!.orgs,
    steps,
    totalMs: performance.now() - started,
    databaseBytes: Number(counts!.bytes),
  };
}

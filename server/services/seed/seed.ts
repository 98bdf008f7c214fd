import { count, eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import {
  businessCalendars,
  creditTiers,
  escalationPolicies,
  organisations,
  services,
  slaPolicies,
  users,
} from '../../../db/schema';
import type { Role } from '../../../workflows/tickets/constants';
import { hashPassword } from '../../auth/password';
import { passwordProblems } from '../../auth/password-policy';
import { acceptHandoff } from '../handoffs/accept';
import { requestHandoff } from '../handoffs/request';
import type { ServiceContext, UserActor } from '../kernel/context';
import { requestNocAction } from '../noc-actions/request';
import { scheduleMaintenance } from '../status/maintenance/schedule';
import { publishStatusUpdate } from '../status/publish-update';
import { assignTicket } from '../tickets/assign';
import { commentOnTicket } from '../tickets/comment';
import { createTicket } from '../tickets/create';
import { transitionTicket } from '../tickets/transition';
import {
  CUSTOMERS,
  DEMO_CALENDARS,
  DEMO_COMMENTS,
  DEMO_CREDIT_TIERS,
  DEMO_ESCALATION,
  DEMO_PASSWORD,
  DEMO_POLICIES,
  DEMO_PROGRESS,
  DEMO_PUBLIC_UPDATE,
  DEMO_TICKETS,
  DEMO_UPCOMING_MAINTENANCE,
  DEMO_USERS,
  type DemoActor,
  type DemoTicketKey,
  demoHandoffs,
  demoTargets,
  OPERATOR,
  OPERATOR_SERVICES,
} from './demo-data';
import { seedDemoHistory } from './seed-history';

export interface SeedOptions {
  /** Demo customers, users and tickets (default). Without: only the operator and an optional first admin. */
  demo: boolean;
  /** With the demo data, a month of finished work behind it (seed-history.ts). Default: with the demo. */
  history?: boolean;
  admin?: { email: string; password: string };
  now: () => Date;
}

const OFF = ['0', 'false', 'off', 'no'];

export function seedOptionsFromEnv(now: () => Date): SeedOptions {
  const demo = !OFF.includes((process.env.WATCHFLOOR_DEMO ?? '1').toLowerCase());
  const history = !OFF.includes((process.env.WATCHFLOOR_DEMO_HISTORY ?? '1').toLowerCase());
  const { WATCHFLOOR_ADMIN_EMAIL: email, WATCHFLOOR_ADMIN_PASSWORD: password } = process.env;
  return { demo, history: demo && history, admin: email && password ? { email, password } : undefined, now };
}

/** A seeding setting that cannot be used as given: the process should stop and say why. */
export class SeedConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SeedConfigurationError';
  }
}

/**
 * Seeds an empty database; does nothing (returns false) when any organisation exists. The first admin's
 * password must pass the password policy (the demo accounts' documented password is exempt: it is public
 * by design); otherwise seeding, and so start-up, fails with the reason.
 */
export async function seedIfEmpty(db: Database, options: SeedOptions): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(organisations);
  if ((row?.n ?? 0) > 0) return false;
  if (options.admin) {
    const problems = passwordProblems(options.admin.password, { email: options.admin.email });
    if (problems.length)
      throw new SeedConfigurationError(
        `WATCHFLOOR_ADMIN_PASSWORD is refused by the password policy: ${problems.join('; ')}. ` +
          'Nothing was seeded; set a stronger password and start again.',
      );
  }
  await seed(db, options);
  return true;
}

async function seed(db: Database, options: SeedOptions): Promise<void> {
  const demoHash = options.demo ? await hashPassword(DEMO_PASSWORD) : null;
  const adminHash = options.admin ? await hashPassword(options.admin.password) : null;
  const orgIds = new Map<string, string>();
  const serviceIds = new Map<string, string>();

  await db.transaction(async (tx) => {
    const [operator] = await tx
      .insert(organisations)
      .values({ ...OPERATOR, kind: 'operator' })
      .returning({ id: organisations.id });
    orgIds.set(OPERATOR.slug, operator!.id);
    if (options.admin && adminHash) {
      await tx.insert(users).values({
        email: options.admin.email.trim().toLowerCase(),
        name: 'Administrator',
        role: 'admin' satisfies Role,
        organisationId: operator!.id,
        passwordHash: adminHash,
      });
    }
    if (!options.demo) return;

    const addServices = async (organisationId: string, orgSlug: string, list: readonly ServiceSeed[]) => {
      const inserted = await tx
        .insert(services)
        .values(
          list.map((s, position) => ({
            organisationId,
            slug: s.slug,
            name: s.name,
            description: s.description,
            groupName: s.group,
            position,
          })),
        )
        .returning({ id: services.id, slug: services.slug });
      for (const s of inserted) serviceIds.set(`${orgSlug}/${s.slug}`, s.id);
    };
    await addServices(operator!.id, OPERATOR.slug, OPERATOR_SERVICES);
    const stamps = { createdAt: options.now(), updatedAt: options.now() };
    const calendarKeys = Object.keys(DEMO_CALENDARS) as (keyof typeof DEMO_CALENDARS)[];
    const calendarRows = await tx
      .insert(businessCalendars)
      .values(
        calendarKeys.map((key) => {
          const calendar = DEMO_CALENDARS[key];
          return { ...calendar, weekly: [...calendar.weekly], holidays: [], ...stamps };
        }),
      )
      .returning({ id: businessCalendars.id, name: businessCalendars.name });
    const calendarIdOf = (key: keyof typeof DEMO_CALENDARS) =>
      calendarRows.find((row) => row.name === DEMO_CALENDARS[key].name)!.id;
    const [escalation] = await tx
      .insert(escalationPolicies)
      .values({ ...DEMO_ESCALATION, ...stamps })
      .returning({ id: escalationPolicies.id });
    for (const customer of CUSTOMERS) {
      const policy = DEMO_POLICIES[customer.slug];
      const [sla] = await tx
        .insert(slaPolicies)
        .values({
          name: policy.name,
          calendarId: calendarIdOf('always'),
          targets: demoTargets(calendarIdOf(policy.businessCalendar)),
          escalationPolicyId: policy.escalates ? escalation!.id : null,
          ...stamps,
        })
        .returning({ id: slaPolicies.id });
      const [org] = await tx
        .insert(organisations)
        .values({
          slug: customer.slug,
          name: customer.name,
          kind: 'customer',
          timeZone: customer.timeZone,
          availabilityCommitment: customer.availabilityCommitment,
          statusPagePublic: customer.statusPagePublic,
          slaPolicyId: sla!.id,
        })
        .returning({ id: organisations.id });
      orgIds.set(customer.slug, org!.id);
      await tx
        .insert(creditTiers)
        .values(DEMO_CREDIT_TIERS.map((tier) => ({ ...tier, organisationId: org!.id })));
      await addServices(org!.id, customer.slug, customer.services);
    }
    await tx.insert(users).values(
      DEMO_USERS.map((u) => ({
        email: u.email,
        name: u.name,
        role: u.role,
        organisationId: orgIds.get(u.organisation)!,
        passwordHash: demoHash,
      })),
    );
  });
  if (options.demo) await seedDemoTickets(db, options, orgIds, serviceIds);
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

type ServiceSeed = { slug: string; name: string; group: string; description: string };

/** Demo tickets go through the same services as everyone else's: there is one way to change a ticket. */
async function seedDemoTickets(
  db: Database,
  { now, history }: SeedOptions,
  orgIds: Map<string, string>,
  serviceIds: Map<string, string>,
): Promise<void> {
  const [noc] = await db.select().from(users).where(eq(users.email, 'noc@watchfloor.test'));
  const [soc] = await db.select().from(users).where(eq(users.email, 'soc@watchfloor.test'));
  const actorOf = (u: typeof noc): UserActor => ({
    type: 'user',
    id: u!.id,
    email: u!.email,
    role: u!.role,
    organisationId: u!.organisationId,
  });
  const contextOf = (u: typeof noc): ServiceContext => ({ db, now, actor: actorOf(u) });
  const as: Record<DemoActor, ServiceContext> = { noc: contextOf(noc), soc: contextOf(soc) };
  // The past first, so that its tickets have the lower numbers, as they would have had.
  if (history) {
    await seedDemoHistory(db, now(), { noc: actorOf(noc), soc: actorOf(soc) }, orgIds, serviceIds);
  }

  const ids = {} as Record<DemoTicketKey, string>;
  for (const [key, { by, organisation, services: slugs, ...input }] of Object.entries(DEMO_TICKETS)) {
    const created = await createTicket(as[by], {
      ...input,
      organisationId: orgIds.get(organisation)!,
      serviceIds: slugs.map((slug) => serviceIds.get(slug)!),
    });
    ids[key as DemoTicketKey] = created.id;
  }

  // Move the demo outages along their lifecycles, as the NOC would have.
  await assignTicket(as.noc, { id: ids.payments, assigneeId: noc!.id });
  for (const { ticket, events } of DEMO_PROGRESS)
    for (const event of events) await transitionTicket(as.noc, { id: ids[ticket], event });
  for (const { ticket, ...comment } of DEMO_COMMENTS)
    await commentOnTicket(as.noc, { id: ids[ticket], ...comment });
  // With the full demo (its past on the status pages too), the page's current incident and an upcoming
  // window, through the NOC's own verbs. (Tests that seed the plain demo start from quiet status pages.)
  if (history) await seedLiveStatus(as.noc, ids, orgIds, serviceIds);

  const handoffs = demoHandoffs((minutesAgo) => new Date(now().getTime() - minutesAgo * 60_000));
  const relay = await requestHandoff(as.noc, { outageId: ids.relay, ...handoffs.relay });
  const incident = await acceptHandoff(as.soc, { handoffId: relay.handoffId, into: 'new' });
  await requestNocAction(as.soc, {
    incidentId: incident.incidentId,
    outageId: ids.relay,
    ...handoffs.relayNocAction,
  });
  await requestHandoff(as.noc, { outageId: ids.transit, ...handoffs.transit });
}

/** The live payments outage's public update and Acme's upcoming window (full demo only). */
async function seedLiveStatus(
  noc: ServiceContext,
  ids: Record<DemoTicketKey, string>,
  orgIds: Map<string, string>,
  serviceIds: Map<string, string>,
): Promise<void> {
  const now = noc.now();
  const { ticket: updated, components, ...update } = DEMO_PUBLIC_UPDATE;
  await publishStatusUpdate(noc, {
    ticketId: ids[updated],
    ...update,
    components: components.map((c) => ({ serviceId: serviceIds.get(c.service)!, status: c.status })),
  });
  const upcoming = DEMO_UPCOMING_MAINTENANCE;
  const startsAt = new Date((Math.floor(now.getTime() / DAY_MS) + upcoming.inDays) * DAY_MS + 2 * HOUR_MS);
  await scheduleMaintenance(noc, {
    organisationId: orgIds.get(upcoming.organisation)!,
    title: upcoming.title,
    body: upcoming.body,
    scheduledFor: startsAt,
    scheduledUntil: new Date(startsAt.getTime() + upcoming.hours * HOUR_MS),
    serviceIds: upcoming.services.map((slug) => serviceIds.get(slug)!),
  });
}

import { count, eq } from 'drizzle-orm';
import type { Database } from '../../../db/client';
import {
  businessCalendars,
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
import type { ServiceContext } from '../kernel/context';
import { requestNocAction } from '../noc-actions/request';
import { assignTicket } from '../tickets/assign';
import { commentOnTicket } from '../tickets/comment';
import { createTicket } from '../tickets/create';
import type { LifecycleEventInput } from '../tickets/schemas';
import { transitionTicket } from '../tickets/transition';
import {
  CUSTOMERS,
  DEMO_CALENDARS,
  DEMO_ESCALATION,
  DEMO_PASSWORD,
  DEMO_USERS,
  demoTargets,
  OPERATOR,
  OPERATOR_SERVICES,
} from './demo-data';

export interface SeedOptions {
  /** Demo customers, users and tickets (default). Without: only the operator and an optional first admin. */
  demo: boolean;
  admin?: { email: string; password: string };
  now: () => Date;
}

export function seedOptionsFromEnv(now: () => Date): SeedOptions {
  const demo = !['0', 'false', 'off', 'no'].includes((process.env.WATCHFLOOR_DEMO ?? '1').toLowerCase());
  const { WATCHFLOOR_ADMIN_EMAIL: email, WATCHFLOOR_ADMIN_PASSWORD: password } = process.env;
  return { demo, admin: email && password ? { email, password } : undefined, now };
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
    const calendarIds: Record<keyof typeof DEMO_CALENDARS, string> = { always: '', newYork: '', berlin: '' };
    for (const [key, calendar] of Object.entries(DEMO_CALENDARS) as [
      keyof typeof DEMO_CALENDARS,
      (typeof DEMO_CALENDARS)[keyof typeof DEMO_CALENDARS],
    ][]) {
      const [row] = await tx
        .insert(businessCalendars)
        .values({
          ...calendar,
          weekly: [...calendar.weekly],
          holidays: [],
          createdAt: options.now(),
          updatedAt: options.now(),
        })
        .returning({ id: businessCalendars.id });
      calendarIds[key] = row!.id;
    }
    const [escalation] = await tx
      .insert(escalationPolicies)
      .values({ ...DEMO_ESCALATION, createdAt: options.now(), updatedAt: options.now() })
      .returning({ id: escalationPolicies.id });
    const policyFor = async (name: string, businessCalendar: string, escalationPolicyId: string | null) => {
      const [row] = await tx
        .insert(slaPolicies)
        .values({
          name,
          calendarId: calendarIds.always,
          targets: demoTargets(businessCalendar),
          escalationPolicyId,
          createdAt: options.now(),
          updatedAt: options.now(),
        })
        .returning({ id: slaPolicies.id });
      return row!.id;
    };
    const policies: Record<string, string> = {
      acme: await policyFor('Acme standard', calendarIds.newYork, escalation!.id),
      globex: await policyFor('Globex premium', calendarIds.berlin, null),
    };
    for (const customer of CUSTOMERS) {
      const [org] = await tx
        .insert(organisations)
        .values({
          slug: customer.slug,
          name: customer.name,
          kind: 'customer',
          timeZone: customer.timeZone,
          availabilityCommitment: customer.availabilityCommitment,
          slaPolicyId: policies[customer.slug],
        })
        .returning({ id: organisations.id });
      orgIds.set(customer.slug, org!.id);
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
  if (options.demo) await seedDemoTickets(db, options.now, orgIds, serviceIds);
}

type ServiceSeed = { slug: string; name: string; group: string; description: string };

/** Demo tickets go through the same services as everyone else's: there is one way to change a ticket. */
async function seedDemoTickets(
  db: Database,
  now: () => Date,
  orgIds: Map<string, string>,
  serviceIds: Map<string, string>,
): Promise<void> {
  const [noc] = await db.select().from(users).where(eq(users.email, 'noc@watchfloor.test'));
  const [soc] = await db.select().from(users).where(eq(users.email, 'soc@watchfloor.test'));
  const as = (u: typeof noc): ServiceContext => ({
    db,
    now,
    actor: { type: 'user', id: u!.id, email: u!.email, role: u!.role, organisationId: u!.organisationId },
  });
  const svc = (key: string) => serviceIds.get(key)!;
  const payments = await createTicket(as(noc), {
    title: 'Payments API returning 502 for EU customers',
    description: 'Error rate on payments-gw above 20 % since 09:40 UTC; upstream TLS handshakes failing.',
    organisationId: orgIds.get('acme')!,
    serviceIds: [svc('acme/payments'), svc('acme/api')],
    impact: 'high',
    urgency: 'high',
  });
  const transit = await createTicket(as(noc), {
    title: 'Packet loss on Frankfurt transit link',
    description: '3–5 % loss on xe-0/0/1 towards AS3356; traffic partially rerouted.',
    organisationId: orgIds.get('globex')!,
    serviceIds: [svc('globex/dc-fra'), svc('watchfloor/core-network')],
    impact: 'medium',
    urgency: 'medium',
  });
  await createTicket(as(noc), {
    title: 'VPN logins slow for remote staff',
    organisationId: orgIds.get('acme')!,
    serviceIds: [svc('acme/vpn')],
    impact: 'low',
    urgency: 'medium',
  });
  const dnsChange = await createTicket(as(noc), {
    title: 'Recursive DNS latency after resolver upgrade',
    description: 'p99 lookup latency 900 ms after the 02:00 change window; rolled back at 03:10.',
    organisationId: orgIds.get('watchfloor')!,
    serviceIds: [svc('watchfloor/dns')],
    impact: 'medium',
    urgency: 'low',
  });
  await createTicket(as(soc), {
    kind: 'security',
    title: 'Password spraying against Acme VPN portal',
    description: '1,900 failed logins from 38 addresses in 20 minutes, 3 successful.',
    organisationId: orgIds.get('acme')!,
    serviceIds: [svc('acme/vpn')],
    impact: 'medium',
    urgency: 'high',
    severity: 'high',
    tlp: 'AMBER',
  });

  // Move the demo outages along their lifecycles, as the NOC would have.
  const step = async (id: string, ...events: LifecycleEventInput[]) => {
    for (const event of events) await transitionTicket(as(noc), { id, event });
  };
  await assignTicket(as(noc), { id: payments.id, assigneeId: noc!.id });
  await step(payments.id, { type: 'ACK' }, { type: 'INVESTIGATE' });
  await commentOnTicket(as(noc), {
    id: payments.id,
    visibility: 'public',
    body: 'We are investigating failed card payments for customers in Europe. Next update in 30 minutes.',
  });
  await commentOnTicket(as(noc), {
    id: payments.id,
    body: 'TLS handshake failures started with the 09:35 certificate rotation on payments-gw-eu-2.',
  });
  await step(transit.id, { type: 'ACK' }, { type: 'INVESTIGATE' }, { type: 'IDENTIFY' });
  await step(
    dnsChange.id,
    { type: 'ACK' },
    { type: 'INVESTIGATE' },
    { type: 'FIX' },
    {
      type: 'RESOLVE',
      resolutionSummary:
        'Rolled the resolvers back to the previous release; lookup latency is back under 20 ms at p99.',
      causeCategory: 'configuration_change',
    },
  );

  // NOC → SOC: a relay spewing mail, handed off and accepted, with a NOC action waiting; and the transit
  // loss, whose SYN-flood look is waiting for the SOC to accept or decline.
  const relay = await createTicket(as(noc), {
    title: 'Outbound mail queue spike on Acme relay',
    description: 'relay-2 queue at 48,000 messages; upstream providers deferring us as a spam source.',
    organisationId: orgIds.get('acme')!,
    serviceIds: [svc('acme/email')],
    impact: 'medium',
    urgency: 'high',
  });
  await step(relay.id, { type: 'ACK' }, { type: 'INVESTIGATE' });
  const at = (minutesAgo: number) => new Date(now().getTime() - minutesAgo * 60_000);
  const relayHandoff = await requestHandoff(as(noc), {
    outageId: relay.id,
    hypothesis: 'A compromised mailbox is relaying spam: one sender, 40 k recipients, new geography',
    confidence: 'high',
    symptomStartAt: at(120),
    recommendedSeverity: 'high',
    recommendedTlp: 'AMBER',
    observables: [
      { type: 'email', value: 'j.doe@acme.test', ioc: true },
      { type: 'ipv4', value: '198.51.100.23', ioc: true },
    ],
    nocActions: [{ what: 'Rate-limited relay-2 to 50 msg/min', who: 'Nora NOC', at: at(30) }],
    evidence: [
      {
        name: 'relay-2 queue export',
        sha256: '9f2c6b1e4d8a7f3c0b5e2d9a6c1f8e4b7a3d0c9e6f2b5a8d1c4e7f0a3b6c9d2e',
        sizeBytes: 1_204_889,
        collectedBy: 'Nora NOC',
        collectedAt: at(25),
        location: 'evidence-vault://acme/relay-2/queue.tar.zst',
      },
    ],
    people: [{ name: 'Mia Mail', role: 'Acme mail admin' }],
  });
  const incident = await acceptHandoff(as(soc), { handoffId: relayHandoff.handoffId, into: 'new' });
  await requestNocAction(as(soc), {
    incidentId: incident.incidentId,
    outageId: relay.id,
    action: 'block_address',
    details: 'Block outbound SMTP from 198.51.100.23 at the relay ACL and keep the queue for evidence.',
  });
  await requestHandoff(as(noc), {
    outageId: transit.id,
    hypothesis: 'Loss coincides with a SYN flood pattern towards Globex ERP from a few /24s',
    confidence: 'low',
    symptomStartAt: at(45),
    recommendedSeverity: 'medium',
    recommendedTlp: 'GREEN',
    observables: [{ type: 'cidr', value: '203.0.113.0/24' }],
  });
}

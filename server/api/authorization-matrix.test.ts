import { TRPCError } from '@trpc/server';
import { and, eq } from 'drizzle-orm';
import type { Session } from 'next-auth';
import { describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client';
import { escalationPolicies, handoffs, notifications, slaPolicies, tickets, users } from '../../db/schema';
import { testEngines } from '../../test/databases';
import { EVIDENCE_SHA, handoffRequest } from '../../test/handoffs';
import { useDemoWorld } from '../../test/suite';
import { drive, incidentInput, outageInput } from '../../test/tickets';
import type { DemoEmail, DemoWorld } from '../../test/world';
import type { EscalationLevel } from '../../workflows/escalation';
import { saveService } from '../services/directory/save-service';
import { sweepDueEscalations } from '../services/escalations/sweep';
import { acceptHandoff } from '../services/handoffs/accept';
import { declineHandoff } from '../services/handoffs/decline';
import { requestHandoff } from '../services/handoffs/request';
import { sweepHandoffEscalations } from '../services/handoffs/sweep-ola-breaches';
import { canSeeTicket, projectionFor } from '../services/kernel/access';
import type { UserActor } from '../services/kernel/context';
import { requestNocAction } from '../services/noc-actions/request';
import { addEvidence } from '../services/security/add-evidence';
import { addObservable } from '../services/security/add-observable';
import { addTask } from '../services/security/add-task';
import { addTechnique } from '../services/security/add-technique';
import { sweepDueClocks } from '../services/sla/sweep-clocks';
import { scheduleMaintenance } from '../services/status/maintenance/schedule';
import { createTicket } from '../services/tickets/create';
import { createUser } from '../services/users/create';
import { createWebhook } from '../services/webhooks/create';
import { createCaller } from './root';

// DESIGN §2.9 as a table: every procedure of the ticket engine (#3) and of the handoff / SOC workspace
// (#5), called through tRPC by every role, customers of the ticket's own and of another organisation.
// Each call gets fresh fixtures, so no outcome depends on another's.

const WHO = ['admin', 'manager', 'noc', 'soc', 'customer (own org)', 'customer (other org)'] as const;
type Who = (typeof WHO)[number];
const EMAIL: Record<Who, DemoEmail> = {
  admin: 'admin@watchfloor.test',
  manager: 'manager@watchfloor.test',
  noc: 'noc@watchfloor.test',
  soc: 'soc@watchfloor.test',
  'customer (own org)': 'customer@acme.test',
  'customer (other org)': 'customer@globex.test',
};
type Outcome = 'ok' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_REQUEST';
const CODE: Record<string, Outcome> = { A: 'ok', F: 'FORBIDDEN', N: 'NOT_FOUND', B: 'BAD_REQUEST' };

type Caller = ReturnType<typeof createCaller>;
type Ids = Record<string, string>;

interface Case {
  procedure: string;
  /** Outcomes in WHO order: A allow, F FORBIDDEN, N NOT_FOUND, B BAD_REQUEST (an explanation). */
  expect: string;
  fixture: (world: DemoWorld) => Promise<Ids>;
  call: (api: Caller, ids: Ids, world: DemoWorld) => Promise<unknown>;
}

// Fixtures, all on Acme: built by the people who would build them, through the services.
async function outage(world: DemoWorld): Promise<Ids> {
  const created = await createTicket(await world.as('noc@watchfloor.test'), outageInput(world));
  return { outageId: created.id, outageNumber: created.number };
}
async function incident(world: DemoWorld): Promise<Ids> {
  const soc = await world.as('soc@watchfloor.test');
  const created = await createTicket(soc, incidentInput(world));
  await drive(soc, created.id, [{ type: 'CONFIRM' }]);
  return { incidentId: created.id, incidentNumber: created.number };
}
async function pendingHandoff(world: DemoWorld): Promise<Ids> {
  const ids = await outage(world);
  const noc = await world.as('noc@watchfloor.test');
  const { handoffId } = await requestHandoff(noc, handoffRequest(ids.outageId!, world.clock.now()));
  return { ...ids, handoffId };
}
async function acceptedHandoff(world: DemoWorld): Promise<Ids> {
  const ids = await pendingHandoff(world);
  const soc = await world.as('soc@watchfloor.test');
  const accepted = await acceptHandoff(soc, { handoffId: ids.handoffId!, into: 'new' });
  return { ...ids, incidentId: accepted.incidentId };
}
async function nocAction(world: DemoWorld): Promise<Ids> {
  const ids = await acceptedHandoff(world);
  const soc = await world.as('soc@watchfloor.test');
  const { taskId } = await requestNocAction(soc, {
    incidentId: ids.incidentId!,
    outageId: ids.outageId!,
    action: 'collect_logs',
    details: 'Firewall logs 09:00–10:00',
  });
  return { ...ids, taskId };
}
async function workedIncident(world: DemoWorld): Promise<Ids> {
  const ids = await incident(world);
  const soc = await world.as('soc@watchfloor.test');
  const id = ids.incidentId!;
  const { observableId } = await addObservable(soc, { id, type: 'ipv4', value: '192.0.2.10' });
  const { evidenceId } = await addEvidence(soc, {
    id,
    name: 'memory image',
    sha256: EVIDENCE_SHA,
    sizeBytes: 1024,
    collectedBy: 'Sam SOC',
    collectedAt: world.clock.now(),
    location: 'vault://img',
  });
  const { taskId } = await addTask(soc, { id, title: 'Reset the admin password' });
  await addTechnique(soc, { id, techniqueId: 'T1110.003', tactic: 'credential_access' });
  return { ...ids, observableId, evidenceId, taskId };
}

const outageCases: Case[] = [
  {
    procedure: 'tickets.create',
    expect: 'AAAFAF',
    fixture: async () => ({}),
    call: (api, _ids, world) => api.tickets.create(outageInput(world)),
  },
  {
    procedure: 'tickets.get (outage)',
    expect: 'AAAAAN',
    fixture: outage,
    call: (api, ids) => api.tickets.get({ id: ids.outageId! }),
  },
  {
    procedure: 'tickets.list',
    expect: 'AAAAAA',
    fixture: async () => ({}),
    call: (api) => api.tickets.list({}),
  },
  {
    // Counts follow the list's own visibility (list.test.ts compares the two per role).
    procedure: 'tickets.count',
    expect: 'AAAAAA',
    fixture: async () => ({}),
    call: (api) => api.tickets.count({}),
  },
  {
    // Everyone signed in may search; what each finds is search.test.ts's matter.
    procedure: 'search.tickets',
    expect: 'AAAAAA',
    fixture: async () => ({}),
    call: (api) => api.search.tickets({ q: 'router' }),
  },
  {
    procedure: 'tickets.transition (outage)',
    expect: 'AAAFFN',
    fixture: outage,
    call: (api, ids) => api.tickets.transition({ id: ids.outageId!, event: { type: 'ACK' } }),
  },
  {
    procedure: 'tickets.assign (outage)',
    expect: 'AAAFFN',
    fixture: outage,
    call: (api, ids) => api.tickets.assign({ id: ids.outageId!, assigneeId: null }),
  },
  {
    procedure: 'tickets.comment (outage, internal)',
    expect: 'AAAAFN',
    fixture: outage,
    call: (api, ids) => api.tickets.comment({ id: ids.outageId!, body: 'Seen from here too' }),
  },
  {
    // A customer's side of the conversation: public, on its own organisation's outage only.
    procedure: 'tickets.comment (outage, public)',
    expect: 'AAAAAN',
    fixture: outage,
    call: (api, ids) => api.tickets.comment({ id: ids.outageId!, body: 'Any news?', visibility: 'public' }),
  },
  {
    procedure: 'portal.ticket (outage)',
    expect: 'AAAAAN',
    fixture: outage,
    call: (api, ids) => api.portal.ticket({ number: ids.outageNumber! }),
  },
  {
    procedure: 'portal.comment (outage)',
    expect: 'AAAAAN',
    fixture: outage,
    call: (api, ids) => api.portal.comment({ id: ids.outageId!, body: 'Still failing here' }),
  },
  {
    procedure: 'tickets.setPriority (outage)',
    expect: 'AAAFFN',
    fixture: outage,
    call: (api, ids) => api.tickets.setPriority({ id: ids.outageId!, impact: 'high', urgency: 'high' }),
  },
  {
    procedure: 'tickets.link (outage → outage)',
    expect: 'AAAFFN',
    fixture: async (world) => ({ ...(await outage(world)), other: (await outage(world)).outageNumber! }),
    call: (api, ids) =>
      api.tickets.link({ id: ids.outageId!, target: { number: ids.other! }, type: 'relates_to' }),
  },
  {
    procedure: 'tickets.allowedActions (outage)',
    expect: 'AAAAAN',
    fixture: outage,
    call: (api, ids) => api.tickets.allowedActions({ id: ids.outageId! }),
  },
  {
    procedure: 'tickets.timeline (outage)',
    expect: 'AAAAAN',
    fixture: outage,
    call: (api, ids) => api.tickets.timeline({ id: ids.outageId! }),
  },
  {
    procedure: 'tickets.links (outage)',
    expect: 'AAAAAN',
    fixture: outage,
    call: (api, ids) => api.tickets.links({ id: ids.outageId! }),
  },
];

const incidentCases: Case[] = [
  {
    procedure: 'tickets.get (incident)',
    expect: 'AANANN',
    fixture: incident,
    call: (api, ids) => api.tickets.get({ id: ids.incidentId! }),
  },
  {
    procedure: 'tickets.get (incident the NOC handed off: a stub)',
    expect: 'AAAANN',
    fixture: acceptedHandoff,
    call: (api, ids) => api.tickets.get({ id: ids.incidentId! }),
  },
  {
    procedure: 'tickets.transition (incident)',
    expect: 'AFNANN',
    fixture: incident,
    call: (api, ids) => api.tickets.transition({ id: ids.incidentId!, event: { type: 'CONTAIN' } }),
  },
  {
    procedure: 'tickets.transition (handed-off incident)',
    expect: 'AFFANN',
    fixture: acceptedHandoff,
    call: (api, ids) => api.tickets.transition({ id: ids.incidentId!, event: { type: 'CONTAIN' } }),
  },
  {
    procedure: 'tickets.comment (incident)',
    expect: 'AFNANN',
    fixture: incident,
    call: (api, ids) => api.tickets.comment({ id: ids.incidentId!, body: 'Working it' }),
  },
  {
    // A security incident is never a portal ticket, not even for the SOC (the console is theirs).
    procedure: 'portal.ticket (incident)',
    expect: 'NNNNNN',
    fixture: incident,
    call: (api, ids) => api.portal.ticket({ number: ids.incidentNumber! }),
  },
  {
    procedure: 'portal.comment (incident)',
    expect: 'FFNFNN',
    fixture: incident,
    call: (api, ids) => api.portal.comment({ id: ids.incidentId!, body: 'Any news?' }),
  },
  {
    procedure: 'tickets.timeline (incident)',
    expect: 'AANANN',
    fixture: incident,
    call: (api, ids) => api.tickets.timeline({ id: ids.incidentId! }),
  },
  {
    procedure: 'tickets.links (incident)',
    expect: 'AANANN',
    fixture: incident,
    call: (api, ids) => api.tickets.links({ id: ids.incidentId! }),
  },
  {
    procedure: 'tickets.allowedActions (incident)',
    expect: 'AANANN',
    fixture: incident,
    call: (api, ids) => api.tickets.allowedActions({ id: ids.incidentId! }),
  },
];

const handoffCases: Case[] = [
  {
    procedure: 'handoffs.request',
    expect: 'AAAFFN',
    fixture: outage,
    call: (api, ids, world) => api.handoffs.request(handoffRequest(ids.outageId!, world.clock.now())),
  },
  {
    procedure: 'handoffs.accept',
    expect: 'AAFANN',
    fixture: pendingHandoff,
    call: (api, ids) => api.handoffs.accept({ handoffId: ids.handoffId!, into: 'new' }),
  },
  {
    procedure: 'handoffs.decline',
    expect: 'AAFANN',
    fixture: pendingHandoff,
    call: (api, ids) => api.handoffs.decline({ handoffId: ids.handoffId!, reason: 'Carrier maintenance' }),
  },
  {
    procedure: 'handoffs.setPreserveHold',
    expect: 'AFFAFN',
    fixture: acceptedHandoff,
    call: (api, ids) => api.handoffs.setPreserveHold({ outageId: ids.outageId!, hold: true }),
  },
  {
    procedure: 'handoffs.clear',
    expect: 'AFFAFN',
    fixture: acceptedHandoff,
    call: (api, ids) => api.handoffs.clear({ outageId: ids.outageId!, note: 'Benign scanner' }),
  },
  {
    procedure: 'handoffs.list',
    expect: 'AAAAFF',
    fixture: async () => ({}),
    call: (api) => api.handoffs.list({}),
  },
  {
    procedure: 'nocActions.request',
    expect: 'AFFAFN',
    fixture: acceptedHandoff,
    call: (api, ids) =>
      api.nocActions.request({
        incidentId: ids.incidentId!,
        outageId: ids.outageId!,
        action: 'block_address',
        details: 'Block 203.0.113.7',
      }),
  },
  {
    procedure: 'nocActions.complete',
    expect: 'AAAFNN',
    fixture: nocAction,
    call: (api, ids) => api.nocActions.complete({ taskId: ids.taskId!, result: 'Logs in the vault' }),
  },
  {
    procedure: 'nocActions.list',
    expect: 'AAAANN',
    fixture: nocAction,
    call: (api, ids) => api.nocActions.list({ id: ids.outageId! }),
  },
  {
    procedure: 'correlation.evidenceHolds',
    expect: 'AAAANN',
    fixture: nocAction,
    call: (api, ids) => api.correlation.evidenceHolds({ id: ids.outageId! }),
  },
];

/** The workspace verbs: SOC analysts and admins work, managers read, nobody else learns it exists. */
const WORK = 'AFNANN';
const workspaceCases: Case[] = [
  {
    procedure: 'security.workspace',
    expect: 'AANANN',
    fixture: incident,
    call: (api, ids) => api.security.workspace({ id: ids.incidentId! }),
  },
  {
    procedure: 'security.workspace (handed off: the NOC has only the stub)',
    expect: 'AANANN',
    fixture: acceptedHandoff,
    call: (api, ids) => api.security.workspace({ id: ids.incidentId! }),
  },
  {
    procedure: 'security.addObservable',
    expect: WORK,
    fixture: incident,
    call: (api, ids) =>
      api.security.addObservable({ id: ids.incidentId!, type: 'domain', value: 'evil.test' }),
  },
  {
    procedure: 'security.setObservableIoc',
    expect: WORK,
    fixture: workedIncident,
    call: (api, ids) =>
      api.security.setObservableIoc({ id: ids.incidentId!, observableId: ids.observableId!, ioc: true }),
  },
  {
    procedure: 'security.removeObservable',
    expect: WORK,
    fixture: workedIncident,
    call: (api, ids) =>
      api.security.removeObservable({ id: ids.incidentId!, observableId: ids.observableId! }),
  },
  {
    procedure: 'security.addEvidence',
    expect: WORK,
    fixture: incident,
    call: (api, ids, world) =>
      api.security.addEvidence({
        id: ids.incidentId!,
        name: 'pcap',
        sha256: EVIDENCE_SHA,
        sizeBytes: 10,
        collectedBy: 'Sam SOC',
        collectedAt: world.clock.now(),
        location: 'vault://pcap',
      }),
  },
  {
    procedure: 'security.transferEvidence',
    expect: WORK,
    fixture: workedIncident,
    call: (api, ids) =>
      api.security.transferEvidence({
        id: ids.incidentId!,
        evidenceId: ids.evidenceId!,
        to: 'Forensics lab',
        reason: 'Analysis',
      }),
  },
  {
    procedure: 'security.setClassification',
    expect: WORK,
    fixture: incident,
    call: (api, ids) => api.security.setClassification({ id: ids.incidentId!, tlp: 'RED' }),
  },
  {
    procedure: 'security.addTechnique',
    expect: WORK,
    fixture: incident,
    call: (api, ids) =>
      api.security.addTechnique({ id: ids.incidentId!, techniqueId: 'T1059.001', tactic: 'execution' }),
  },
  {
    procedure: 'security.removeTechnique',
    expect: WORK,
    fixture: workedIncident,
    call: (api, ids) =>
      api.security.removeTechnique({
        id: ids.incidentId!,
        techniqueId: 'T1110.003',
        tactic: 'credential_access',
      }),
  },
  {
    procedure: 'security.addTask',
    expect: WORK,
    fixture: incident,
    call: (api, ids) => api.security.addTask({ id: ids.incidentId!, title: 'Pull EDR telemetry' }),
  },
  {
    procedure: 'security.completeTask',
    expect: WORK,
    fixture: workedIncident,
    call: (api, ids) => api.security.completeTask({ taskId: ids.taskId! }),
  },
  {
    // The task of a NOC action request lives on the outage: staff are told where it is completed; to a
    // customer of the outage it does not exist.
    procedure: 'security.completeTask (a NOC action request)',
    expect: 'BBBBNN',
    fixture: nocAction,
    call: (api, ids) => api.security.completeTask({ taskId: ids.taskId! }),
  },
  {
    procedure: 'security.publishNotice',
    expect: WORK,
    fixture: incident,
    call: (api, ids) =>
      api.security.publishNotice({
        id: ids.incidentId!,
        title: 'Suspicious logins',
        body: 'We blocked suspicious logins to your VPN; no data was accessed.',
      }),
  },
  {
    procedure: 'security.notices',
    expect: 'AAAAAA',
    fixture: async () => ({}),
    call: (api) => api.security.notices({}),
  },
];

// Status pages (#13): public updates of outages and scheduled maintenance, by those who work outages.
async function maintenance(world: DemoWorld): Promise<Ids> {
  const { id } = await scheduleMaintenance(await world.as('noc@watchfloor.test'), maintenanceInput(world));
  return { maintenanceId: id };
}
function maintenanceInput(world: DemoWorld) {
  const now = world.clock.now().getTime();
  return {
    organisationId: world.org('acme').id,
    title: 'Payments database upgrade',
    scheduledFor: new Date(now + 3_600_000),
    scheduledUntil: new Date(now + 7_200_000),
    serviceIds: [world.service('acme', 'payments').id],
  };
}
const publicUpdate = (ticketId: string, world: DemoWorld) => ({
  ticketId,
  title: 'Website unreachable',
  status: 'investigating' as const,
  body: 'We are investigating.',
  components: [{ serviceId: world.service('acme', 'website').id, status: 'major_outage' as const }],
});
const statusCases: Case[] = [
  {
    procedure: 'statusUpdates.publish (outage)',
    expect: 'AAAFFN',
    fixture: outage,
    call: (api, ids, world) => api.statusUpdates.publish(publicUpdate(ids.outageId!, world)),
  },
  {
    procedure: 'statusUpdates.publish (incident: never public updates)',
    expect: 'FFNFNN',
    fixture: incident,
    call: (api, ids, world) => api.statusUpdates.publish(publicUpdate(ids.incidentId!, world)),
  },
  {
    procedure: 'statusUpdates.list (outage)',
    expect: 'AAAAAN',
    fixture: outage,
    call: (api, ids) => api.statusUpdates.list({ ticketId: ids.outageId! }),
  },
  {
    procedure: 'maintenance.list',
    expect: 'AAAAFF',
    fixture: async () => ({}),
    call: (api) => api.maintenance.list({}),
  },
  {
    procedure: 'maintenance.schedule',
    expect: 'AAAFFF',
    fixture: async () => ({}),
    call: (api, _ids, world) => api.maintenance.schedule(maintenanceInput(world)),
  },
  {
    procedure: 'maintenance.start',
    expect: 'AAAFFF',
    fixture: maintenance,
    call: (api, ids) => api.maintenance.start({ id: ids.maintenanceId! }),
  },
  {
    procedure: 'maintenance.cancel',
    expect: 'AAAFFF',
    fixture: maintenance,
    call: (api, ids) => api.maintenance.cancel({ id: ids.maintenanceId! }),
  },
];

// Reports (#12): staff only, each team its own kind (workflows/reports REPORTABLE_KINDS).
const reportCases: Case[] = [
  {
    procedure: 'reports.mttaMttr (every kind the caller reports on)',
    expect: 'AAAAFF',
    fixture: async () => ({}),
    call: (api) => api.reports.mttaMttr({ period: '7d' }),
  },
  {
    procedure: 'reports.slaMet (security incidents)',
    expect: 'AAFAFF',
    fixture: async () => ({}),
    call: (api) => api.reports.slaMet({ period: '30d', kind: 'security' }),
  },
  {
    procedure: 'reports.breaches (outages)',
    expect: 'AAAFFF',
    fixture: async () => ({}),
    call: (api) => api.reports.breaches({ period: '90d', kind: 'outage' }),
  },
  {
    procedure: 'reports.handoffs',
    expect: 'AAAAFF',
    fixture: async () => ({}),
    call: (api) => api.reports.handoffs({ period: 'custom', from: '2026-11-01', to: '2026-11-30' }),
  },
];

// Users, customers and services (DESIGN §2.9 "users…: admin ✓, manager read"): admins and managers read,
// only admins change. Verbs that would alter the demo's people or services act on throwaways.
const READ_ADMIN = 'AAFFFF';
const WRITE_ADMIN = 'AFFFFF';
async function demoIds(world: DemoWorld): Promise<Ids> {
  return {
    nocId: (await world.actor('noc@watchfloor.test')).id,
    acmeId: world.org('acme').id,
  };
}
let created = 0;
/** A fresh account and a fresh Acme service, made by the admin, for the verbs that would change the demo's. */
async function throwaways(world: DemoWorld): Promise<Ids> {
  const admin = await world.as('admin@watchfloor.test');
  const { id: userId } = await createUser(admin, {
    name: 'Matrix Throwaway',
    email: `throwaway-${++created}@example.test`,
    role: 'noc_engineer',
    organisationId: world.org('watchfloor').id,
    password: 'a long initial passphrase',
  });
  const { id: serviceId } = await saveService(admin, {
    organisationId: world.org('acme').id,
    name: 'Matrix throwaway',
    slug: `throwaway-${++created}`,
    availabilityCommitment: 99.9,
  });
  return { userId, serviceId };
}
const adminCases: Case[] = [
  {
    procedure: 'users.list',
    expect: READ_ADMIN,
    fixture: demoIds,
    call: (api) => api.users.list({}),
  },
  {
    procedure: 'users.get',
    expect: READ_ADMIN,
    fixture: demoIds,
    call: (api, ids) => api.users.get({ userId: ids.nocId! }),
  },
  {
    procedure: 'users.create',
    expect: WRITE_ADMIN,
    fixture: demoIds,
    call: (api, _ids, world) =>
      api.users.create({
        name: 'Matrix Probe',
        email: `matrix-${++created}@example.test`,
        role: 'noc_engineer',
        organisationId: world.org('watchfloor').id,
        password: 'a long initial passphrase',
      }),
  },
  {
    // Reactivating an active account changes nothing, so the admin's call leaves the demo as it was.
    procedure: 'users.reactivate',
    expect: WRITE_ADMIN,
    fixture: demoIds,
    call: (api, ids) => api.users.reactivate({ userId: ids.nocId! }),
  },
  {
    procedure: 'users.changeRole',
    expect: WRITE_ADMIN,
    fixture: throwaways,
    call: (api, ids) => api.users.changeRole({ userId: ids.userId!, role: 'soc_analyst' }),
  },
  {
    procedure: 'users.deactivate',
    expect: WRITE_ADMIN,
    fixture: throwaways,
    call: (api, ids) => api.users.deactivate({ userId: ids.userId! }),
  },
  {
    procedure: 'directory.customers',
    expect: READ_ADMIN,
    fixture: demoIds,
    call: (api) => api.directory.customers(),
  },
  {
    procedure: 'directory.saveCustomer',
    expect: WRITE_ADMIN,
    fixture: demoIds,
    call: (api) =>
      api.directory.saveCustomer({
        name: 'Matrix probe',
        slug: `matrix-${++created}`,
        timeZone: 'UTC',
        slaPolicyId: null,
        availabilityCommitment: 99.9,
        statusPagePublic: false,
      }),
  },
  {
    procedure: 'directory.saveService',
    expect: WRITE_ADMIN,
    fixture: demoIds,
    call: (api, ids) =>
      api.directory.saveService({
        organisationId: ids.acmeId!,
        name: 'Matrix probe',
        slug: `matrix-${++created}`,
        availabilityCommitment: 99.9,
      }),
  },
  {
    procedure: 'directory.retireService',
    expect: WRITE_ADMIN,
    fixture: throwaways,
    call: (api, ids) => api.directory.retireService({ serviceId: ids.serviceId! }),
  },
  {
    // A service in use: only an admin gets through to "nothing to restore".
    procedure: 'directory.restoreService',
    expect: WRITE_ADMIN,
    fixture: throwaways,
    call: (api, ids) => api.directory.restoreService({ serviceId: ids.serviceId! }),
  },
  // Outbound webhooks (#14): integrations are the admins' (managers read).
  { procedure: 'webhooks.list', expect: READ_ADMIN, fixture: webhook, call: (api) => api.webhooks.list({}) },
  {
    procedure: 'webhooks.deliveries',
    expect: READ_ADMIN,
    fixture: webhook,
    call: (api, ids) => api.webhooks.deliveries({ endpointId: ids.webhookId! }),
  },
  {
    procedure: 'webhooks.create',
    expect: WRITE_ADMIN,
    fixture: webhook,
    call: (api, ids) =>
      api.webhooks.create({
        organisationId: ids.acmeId!,
        url: 'https://hooks.acme.test/matrix',
        description: '',
        eventTypes: ['ticket.created'],
      }),
  },
  {
    procedure: 'webhooks.update',
    expect: WRITE_ADMIN,
    fixture: webhook,
    call: (api, ids) =>
      api.webhooks.update({
        id: ids.webhookId!,
        url: 'https://hooks.acme.test/matrix',
        description: 'edited',
        eventTypes: ['ticket.status_changed'],
        enabled: true,
      }),
  },
  {
    procedure: 'webhooks.revealSecret',
    expect: WRITE_ADMIN,
    fixture: webhook,
    call: (api, ids) => api.webhooks.revealSecret({ id: ids.webhookId! }),
  },
  {
    procedure: 'webhooks.rotateSecret',
    expect: WRITE_ADMIN,
    fixture: webhook,
    call: (api, ids) => api.webhooks.rotateSecret({ id: ids.webhookId! }),
  },
  {
    procedure: 'webhooks.delete',
    expect: WRITE_ADMIN,
    fixture: webhook,
    call: (api, ids) => api.webhooks.delete({ id: ids.webhookId! }),
  },
];

/** An endpoint of Acme's, made by the admin (with the demo ids). */
async function webhook(world: DemoWorld): Promise<Ids> {
  const ids = await demoIds(world);
  const { endpoint } = await createWebhook(await world.as('admin@watchfloor.test'), {
    organisationId: world.org('acme').id,
    url: 'https://hooks.acme.test/matrix',
    description: '',
    eventTypes: ['ticket.created'],
  });
  return { ...ids, webhookId: endpoint.id };
}

async function outcomeOf(promise: Promise<unknown>): Promise<Outcome | string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof TRPCError)
      return error.code === 'FORBIDDEN' || error.code === 'NOT_FOUND' || error.code === 'BAD_REQUEST'
        ? error.code
        : `${error.code}: ${error.message}`;
    throw error;
  }
}

/** A tRPC caller signed in as each demo person. */
async function callersOf(handle: DatabaseHandle, world: DemoWorld): Promise<Map<Who, Caller>> {
  const callers = new Map<Who, Caller>();
  for (const who of WHO) {
    const actor = await world.actor(EMAIL[who]);
    if (actor.type !== 'user') throw new Error('user expected');
    const { type: _type, ...user } = actor;
    const session: Session = { user: { ...user, name: who }, expires: '2099-01-01T00:00:00.000Z' };
    callers.set(who, createCaller({ db: handle.db, session, now: world.clock.now }));
  }
  return callers;
}

describe.each(testEngines())('authorization matrix on $engine', ({ open }) => {
  let handle: DatabaseHandle;
  let world: DemoWorld;
  let callers: Map<Who, Caller>;

  useDemoWorld({ open }, async (setup) => {
    ({ handle, world } = setup);
    callers = await callersOf(handle, world);
  });

  describe.each([
    ...outageCases,
    ...incidentCases,
    ...handoffCases,
    ...workspaceCases,
    ...reportCases,
    ...statusCases,
    ...adminCases,
  ])('$procedure', (c) => {
    it.each(WHO.map((who, i) => ({ who, expected: CODE[c.expect[i]!] })))(
      '$who → $expected',
      async ({ who, expected }) => {
        const ids = await c.fixture(world);
        expect(await outcomeOf(c.call(callers.get(who)!, ids, world))).toBe(expected);
      },
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// Notifications × roles: every path that tells a person about a ticket, fired for real (the scheduler's
// sweeps at a moved test clock, the handoff and NOC action verbs), then for every role: who was told. A
// path that names one person (an assignee, a requester, a user target) names each role's demo user in
// turn, as if assigned before a role change or by older code: the writer must not trust the naming.
// After every firing, nobody holds a notification about a ticket they could not read in full.

const MINUTE = 60_000;
/** The demo policy's first level: team NOC after 10 unacknowledged minutes. */
const DEMO_ESCALATION_NAME = 'Acme: chase, then managers';

interface NotificationCase {
  path: string;
  /** In WHO order: Y told, - not. */
  expect: string;
  /** The notification kinds the path writes. */
  kinds: string[];
  /** Names `target` (per-person paths) or a fixed audience; answers the ticket the notes are about. */
  perPerson?: boolean;
  fire: (scene: Scene, target: Who) => Promise<string>;
}

interface Scene {
  world: DemoWorld;
  db: DatabaseHandle['db'];
  /** Acme's SLA policy escalates by this policy (by name; null: none) for tickets created from now on. */
  escalateBy: (policy: string | null) => Promise<void>;
  /** A policy whose one level (10 unacknowledged minutes) notifies these targets; stored as given. */
  policyFor: (targets: EscalationLevel['targets']) => Promise<string>;
  userOf: (who: Who) => Promise<string>;
  sweep: () => Promise<void>;
  /** Titles of the security incidents made here: no NOC engineer's notification may carry one. */
  restrictedTitles: string[];
}

const incidentTitle = (scene: Scene) => {
  const title = `Restricted incident #${scene.restrictedTitles.length + 1}`;
  scene.restrictedTitles.push(title);
  return title;
};
async function triageIncident(scene: Scene): Promise<string> {
  const soc = await scene.world.as('soc@watchfloor.test');
  return (await createTicket(soc, incidentInput(scene.world, { title: incidentTitle(scene) }))).id;
}
async function newOutage(scene: Scene): Promise<string> {
  return (await createTicket(await scene.world.as('noc@watchfloor.test'), outageInput(scene.world))).id;
}
/** An incident still in triage (unacknowledged) that an outage was handed off into: the NOC's stub. */
async function handedOffIncident(scene: Scene): Promise<string> {
  const incidentId = await triageIncident(scene);
  const outageId = await newOutage(scene);
  const noc = await scene.world.as('noc@watchfloor.test');
  const { handoffId } = await requestHandoff(noc, handoffRequest(outageId, scene.world.clock.now()));
  const soc = await scene.world.as('soc@watchfloor.test');
  await acceptHandoff(soc, { handoffId, into: 'existing', incident: { id: incidentId } });
  return incidentId;
}
const escalated = (make: (scene: Scene) => Promise<string>) => async (scene: Scene) => {
  const id = await make(scene);
  scene.world.clock.advance(11 * MINUTE);
  await scene.sweep();
  return id;
};
const EVERY_STAFF_TEAM_AND_ROLE: EscalationLevel['targets'] = [
  { kind: 'team', id: 'noc' },
  { kind: 'team', id: 'soc' },
  { kind: 'role', id: 'admin' },
  { kind: 'role', id: 'manager' },
];
/** The ticket assigned to `target` behind the assign verb's back, then its response SLA at 75 %. */
const slaWarned = (make: (scene: Scene) => Promise<string>) => async (scene: Scene, target: Who) => {
  await scene.escalateBy(null);
  const id = await make(scene);
  await scene.db
    .update(tickets)
    .set({ assigneeId: await scene.userOf(target) })
    .where(eq(tickets.id, id));
  scene.world.clock.advance(23 * MINUTE); // 30 min response (P2 outage, high-severity incident)
  await scene.sweep();
  return id;
};

const notificationCases: NotificationCase[] = [
  {
    path: 'escalation: the demo policy (team NOC) on an outage',
    expect: '--Y---',
    kinds: ['escalation'],
    fire: async (scene) => {
      await scene.escalateBy(DEMO_ESCALATION_NAME);
      return escalated(newOutage)(scene);
    },
  },
  {
    path: 'escalation: the demo policy (team NOC) on a security incident',
    expect: '------',
    kinds: ['escalation'],
    fire: async (scene) => {
      await scene.escalateBy(DEMO_ESCALATION_NAME);
      return escalated(triageIncident)(scene);
    },
  },
  {
    path: 'escalation to every staff team and role, on an outage',
    expect: 'YYYY--',
    kinds: ['escalation'],
    fire: async (scene) => {
      await scene.escalateBy(await scene.policyFor(EVERY_STAFF_TEAM_AND_ROLE));
      return escalated(newOutage)(scene);
    },
  },
  {
    path: 'escalation to every staff team and role, on a security incident',
    expect: 'YY-Y--',
    kinds: ['escalation'],
    fire: async (scene) => {
      await scene.escalateBy(await scene.policyFor(EVERY_STAFF_TEAM_AND_ROLE));
      return escalated(triageIncident)(scene);
    },
  },
  {
    path: 'escalation to every staff team and role, on an incident the NOC handed off (its stub)',
    expect: 'YY-Y--',
    kinds: ['escalation'],
    fire: async (scene) => {
      await scene.escalateBy(await scene.policyFor(EVERY_STAFF_TEAM_AND_ROLE));
      return escalated(handedOffIncident)(scene);
    },
  },
  {
    path: 'escalation to a user target, on an outage',
    expect: 'YYYY--',
    kinds: ['escalation'],
    perPerson: true,
    fire: async (scene, target) => {
      await scene.escalateBy(await scene.policyFor([{ kind: 'user', id: await scene.userOf(target) }]));
      return escalated(newOutage)(scene);
    },
  },
  {
    path: 'escalation to a user target, on a security incident',
    expect: 'YY-Y--',
    kinds: ['escalation'],
    perPerson: true,
    fire: async (scene, target) => {
      await scene.escalateBy(await scene.policyFor([{ kind: 'user', id: await scene.userOf(target) }]));
      return escalated(triageIncident)(scene);
    },
  },
  {
    path: 'SLA warning to the assignee, on an outage',
    expect: 'YYYY--',
    kinds: ['sla.warning', 'sla.breached'],
    perPerson: true,
    fire: slaWarned(newOutage),
  },
  {
    path: 'SLA warning to the assignee, on a security incident',
    expect: 'YY-Y--',
    kinds: ['sla.warning', 'sla.breached'],
    perPerson: true,
    fire: slaWarned(triageIncident),
  },
  {
    path: 'handoffs.request: the SOC hears of it',
    expect: '---Y--',
    kinds: ['handoff.requested'],
    fire: async (scene) => {
      await scene.escalateBy(null);
      const id = await newOutage(scene);
      await requestHandoff(
        await scene.world.as('noc@watchfloor.test'),
        handoffRequest(id, scene.world.clock.now()),
      );
      return id;
    },
  },
  {
    path: 'handoff not accepted in time: the SOC and managers hear of it',
    expect: '-Y-Y--',
    kinds: ['handoff.escalated'],
    fire: async (scene) => {
      await scene.escalateBy(null);
      const id = await newOutage(scene);
      await requestHandoff(
        await scene.world.as('noc@watchfloor.test'),
        handoffRequest(id, scene.world.clock.now()),
      );
      scene.world.clock.advance(16 * MINUTE); // 15 min acceptance OLA
      await scene.sweep();
      return id;
    },
  },
  {
    path: 'handoffs.decline: the requester hears of it',
    expect: 'YYYY--',
    kinds: ['handoff.declined'],
    perPerson: true,
    fire: async (scene, target) => {
      await scene.escalateBy(null);
      const id = await newOutage(scene);
      const noc = await scene.world.as('noc@watchfloor.test');
      const { handoffId } = await requestHandoff(noc, handoffRequest(id, scene.world.clock.now()));
      await scene.db
        .update(handoffs)
        .set({ requestedById: await scene.userOf(target) })
        .where(eq(handoffs.id, handoffId));
      await declineHandoff(await scene.world.as('soc@watchfloor.test'), {
        handoffId,
        reason: 'Carrier fault',
      });
      return id;
    },
  },
  {
    path: "nocActions.request: the outage's assignee hears of it",
    expect: 'YYYY--',
    kinds: ['noc_action.requested'],
    perPerson: true,
    fire: async (scene, target) => {
      await scene.escalateBy(null);
      const ids = await acceptedHandoff(scene.world);
      await scene.db
        .update(tickets)
        .set({ assigneeId: await scene.userOf(target) })
        .where(eq(tickets.id, ids.outageId!));
      await requestNocAction(await scene.world.as('soc@watchfloor.test'), {
        incidentId: ids.incidentId!,
        outageId: ids.outageId!,
        action: 'block_address',
        details: 'Block 203.0.113.7',
      });
      return ids.outageId!;
    },
  },
];

describe.each(testEngines())('notifications × roles on $engine', ({ open }) => {
  let handle: DatabaseHandle;
  let scene: Scene;
  let callers: Map<Who, Caller>;

  useDemoWorld({ open, sla: true }, async (setup) => {
    handle = setup.handle;
    const { world } = setup;
    callers = await callersOf(handle, world);
    const db = handle.db;
    const [acme] = await db.select().from(slaPolicies).where(eq(slaPolicies.name, 'Acme standard'));
    let probes = 0;
    scene = {
      world,
      db,
      restrictedTitles: [],
      escalateBy: async (policy) => {
        const [row] = policy
          ? await db.select().from(escalationPolicies).where(eq(escalationPolicies.name, policy))
          : [];
        await db
          .update(slaPolicies)
          .set({ escalationPolicyId: row?.id ?? null })
          .where(eq(slaPolicies.id, acme!.id));
      },
      policyFor: async (targets) => {
        const name = `Matrix probe ${++probes}`;
        await db.insert(escalationPolicies).values({
          name,
          repeat: 0,
          levels: [{ trigger: { kind: 'unacknowledged', minutes: 10 }, targets, actions: ['notify'] }],
          createdAt: world.clock.now(),
          updatedAt: world.clock.now(),
        });
        return name;
      },
      userOf: async (who) => (await world.actor(EMAIL[who])).id,
      sweep: async () => {
        const now = world.clock.now();
        while ((await sweepDueClocks(db, now)).tickets > 0);
        while ((await sweepDueEscalations(db, now)).tickets > 0);
        await sweepHandoffEscalations(db, now);
      },
    };
  });

  /** Every notification about the ticket went to someone who reads it in full (tickets.get's rule). */
  async function expectOnlyFullReaders(ticketId: string) {
    const [ticket] = await handle.db.select().from(tickets).where(eq(tickets.id, ticketId));
    const rows = await handle.db
      .select({ user: users, kind: notifications.kind })
      .from(notifications)
      .innerJoin(users, eq(users.id, notifications.userId))
      .where(eq(notifications.ticketId, ticketId));
    for (const { user, kind } of rows) {
      const reader: UserActor = { type: 'user', ...user };
      const full =
        (await canSeeTicket(handle.db, reader, ticket!)) && projectionFor(reader, ticket!) === 'full';
      expect(full, `${kind} note to ${user.email} about ${ticket!.kind} ${ticket!.number}`).toBe(true);
    }
  }

  describe.each(notificationCases)('$path', (c) => {
    let shared: string | undefined;
    it.each(WHO.map((who, i) => ({ who, told: c.expect[i] === 'Y' })))(
      '$who → told: $told',
      async ({ who, told }) => {
        // A fixed audience fires once for all roles; a per-person path names this role's user.
        if (c.perPerson || shared === undefined) shared = await c.fire(scene, who);
        const ticketId = shared;
        const notes = await handle.db
          .select({ kind: notifications.kind })
          .from(notifications)
          .where(
            and(eq(notifications.ticketId, ticketId), eq(notifications.userId, await scene.userOf(who))),
          );
        expect(notes.some((n) => c.kinds.includes(n.kind))).toBe(told);
        await expectOnlyFullReaders(ticketId);
      },
    );
  });

  it("never lists a restricted incident's title or number in a NOC engineer's notifications", async () => {
    expect(scene.restrictedTitles.length).toBeGreaterThan(0);
    const listed = await callers.get('noc')!.notifications.list({ limit: 200 });
    expect(listed.items.length).toBeGreaterThan(0);
    for (const item of listed.items) {
      expect(item.ticket ?? '').not.toMatch(/^SEC-/);
      for (const title of scene.restrictedTitles) expect(`${item.title} ${item.body}`).not.toContain(title);
    }
  });
});

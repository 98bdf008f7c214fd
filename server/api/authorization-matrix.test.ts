import { TRPCError } from '@trpc/server';
import type { Session } from 'next-auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client';
import { testEngines } from '../../test/databases';
import { EVIDENCE_SHA, handoffRequest } from '../../test/handoffs';
import { drive, incidentInput, outageInput } from '../../test/tickets';
import { type DemoEmail, type DemoWorld, demoWorld } from '../../test/world';
import { acceptHandoff } from '../services/handoffs/accept';
import { requestHandoff } from '../services/handoffs/request';
import { requestNocAction } from '../services/noc-actions/request';
import { addEvidence } from '../services/security/add-evidence';
import { addObservable } from '../services/security/add-observable';
import { addTask } from '../services/security/add-task';
import { addTechnique } from '../services/security/add-technique';
import { createTicket } from '../services/tickets/create';
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
type Outcome = 'ok' | 'FORBIDDEN' | 'NOT_FOUND';
const CODE: Record<string, Outcome> = { A: 'ok', F: 'FORBIDDEN', N: 'NOT_FOUND' };

type Caller = ReturnType<typeof createCaller>;
type Ids = Record<string, string>;

interface Case {
  procedure: string;
  /** Outcomes in WHO order: A allow, F FORBIDDEN, N NOT_FOUND. */
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
    procedure: 'tickets.timeline (incident)',
    expect: 'AANANN',
    fixture: incident,
    call: (api, ids) => api.tickets.timeline({ id: ids.incidentId! }),
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

async function outcomeOf(promise: Promise<unknown>): Promise<Outcome | string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof TRPCError)
      return error.code === 'FORBIDDEN' || error.code === 'NOT_FOUND'
        ? error.code
        : `${error.code}: ${error.message}`;
    throw error;
  }
}

describe.each(testEngines())('authorization matrix on $engine', ({ open }) => {
  let handle: DatabaseHandle;
  let world: DemoWorld;
  const callers = new Map<Who, Caller>();

  beforeAll(async () => {
    handle = await open();
    world = await demoWorld(handle.db);
    for (const who of WHO) {
      const actor = await world.actor(EMAIL[who]);
      if (actor.type !== 'user') throw new Error('user expected');
      const { type: _type, ...user } = actor;
      const session: Session = { user: { ...user, name: who }, expires: '2099-01-01T00:00:00.000Z' };
      callers.set(who, createCaller({ db: handle.db, session, now: world.clock.now }));
    }
  });
  afterAll(() => handle.close());

  describe.each([...outageCases, ...incidentCases, ...handoffCases, ...workspaceCases])('$procedure', (c) => {
    it.each(WHO.map((who, i) => ({ who, expected: CODE[c.expect[i]!] })))(
      '$who → $expected',
      async ({ who, expected }) => {
        const ids = await c.fixture(world);
        expect(await outcomeOf(c.call(callers.get(who)!, ids, world))).toBe(expected);
      },
    );
  });
});

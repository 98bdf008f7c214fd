import { createHash } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client';
import {
  attackTechniques,
  custodyEntries,
  evidence,
  handoffs,
  observables,
  tasks,
  tickets,
} from '../../../db/schema';
import { testEngines } from '../../../test/databases';
import { useDemoWorld } from '../../../test/suite';
import {
  databaseFootprint,
  eventsOf,
  expectServiceError,
  incidentInput,
  outageInput,
  ticketIn,
  ticketRow,
  userId,
} from '../../../test/tickets';
import type { DemoWorld } from '../../../test/world';
import { formatTicketNumber } from '../../../workflows/tickets/constants';
import { verifyAuditChains } from '../audit/verify';
import { appendEvents } from '../kernel/chain';
import type { ServiceContext } from '../kernel/context';
import { createTicket } from '../tickets/create';
import { ticketTimeline } from '../tickets/timeline';
import { transitionTicket } from '../tickets/transition';
import { addEvidence, insertEvidence } from './add-evidence';
import { addObservable } from './add-observable';
import { addTask } from './add-task';
import { addTechnique } from './add-technique';
import { completeTask } from './complete-task';
import { ACCESS_LOG_READS, getSecurityWorkspace } from './get-workspace';
import { listNotices } from './list-notices';
import { publishNotice } from './publish-notice';
import { removeObservable } from './remove-observable';
import { removeTechnique } from './remove-technique';
import { setClassification } from './set-classification';
import { setObservableIoc } from './set-observable-ioc';
import { transferEvidence } from './transfer-evidence';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const MISSING = '5d1e8a2c-3f4b-4c6d-9e8f-0a1b2c3d4e5f';
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe.each(testEngines())('SOC workspace on $engine', ({ open }) => {
  let db: Database;
  let world: DemoWorld;
  let soc: ServiceContext;
  let admin: ServiceContext;
  let manager: ServiceContext;
  let noc: ServiceContext;
  let customer: ServiceContext;

  useDemoWorld({ open }, async (setup) => {
    ({ db, world } = setup);
    soc = await world.as('soc@watchfloor.test');
    admin = await world.as('admin@watchfloor.test');
    manager = await world.as('manager@watchfloor.test');
    noc = await world.as('noc@watchfloor.test');
    customer = await world.as('customer@acme.test');
  });

  const newIncident = async (overrides: Parameters<typeof incidentInput>[1] = {}) =>
    (await createTicket(soc, incidentInput(world, overrides))).id;
  const lastEvent = async (id: string) => (await eventsOf(db, id)).at(-1)!;
  const numberOf = async (id: string) => {
    const row = await ticketRow(db, id);
    return formatTicketNumber(row.kind, row.number);
  };
  /** databaseFootprint plus the workspace's own tables: equal before and after means nothing was written. */
  const footprint = async () => ({
    ...(await databaseFootprint(db)),
    workspace: await Promise.all(
      [observables, evidence, custodyEntries, attackTechniques, tasks].map((table) =>
        db.select().from(table).orderBy(sql`1`),
      ),
    ),
  });
  const evidenceItem = (name: string, overrides: Record<string, unknown> = {}) => ({
    name,
    sha256: sha(name),
    sizeBytes: 4_096,
    collectedBy: 'Alice Analyst',
    collectedAt: new Date(world.clock.now().getTime() - HOUR),
    location: 'Evidence locker 3, shelf B',
    ...overrides,
  });

  describe('observables', () => {
    it('adds an observable in canonical form and audits it', async () => {
      const id = await newIncident();
      const before = await ticketRow(db, id);
      const added = await addObservable(soc, {
        id,
        type: 'domain',
        value: ' Evil.EXAMPLE. ',
        ioc: true,
        note: 'C2 beacon',
      });
      expect(added).toMatchObject({ created: true, version: before.version });
      const [row] = await db.select().from(observables).where(eq(observables.id, added.observableId));
      expect(row).toMatchObject({ value: 'evil.example', ioc: true, note: 'C2 beacon', ticketId: id });
      expect(await lastEvent(id)).toMatchObject({
        type: 'observable.added',
        actorLabel: 'soc@watchfloor.test',
        payload: { observableId: added.observableId, type: 'domain', value: 'evil.example', ioc: true },
      });
    });

    it('keeps one row for the same address written differently; a different ioc updates the flag', async () => {
      const id = await newIncident();
      const first = await addObservable(soc, { id, type: 'ipv6', value: '2001:DB8::0:1' });
      expect(first.created).toBe(true);
      const events = (await eventsOf(db, id)).length;

      const again = await addObservable(soc, { id, type: 'ipv6', value: '2001:db8::1' });
      expect(again).toMatchObject({ observableId: first.observableId, created: false });
      expect(await eventsOf(db, id)).toHaveLength(events); // nothing changed, nothing recorded

      const flagged = await addObservable(soc, {
        id,
        type: 'ipv6',
        value: '2001:0db8:0:0:0:0:0:1',
        ioc: true,
      });
      expect(flagged).toMatchObject({ observableId: first.observableId, created: false });
      expect(await lastEvent(id)).toMatchObject({
        type: 'observable.updated',
        payload: { observableId: first.observableId, value: '2001:db8::1', ioc: { from: false, to: true } },
      });
      // Re-adding without `ioc` keeps the flag.
      await addObservable(soc, { id, type: 'ipv6', value: '2001:db8::1' });
      const rows = await db.select().from(observables).where(eq(observables.ticketId, id));
      expect(rows).toEqual([expect.objectContaining({ value: '2001:db8::1', ioc: true })]);
    });

    it('answers BAD_REQUEST with a field error on value for malformed observables, writing nothing', async () => {
      const id = await newIncident();
      const before = await footprint();
      const cases: [string, string, RegExp][] = [
        ['ipv4', '999.1.1.1', /IPv4/],
        ['domain', 'exa mple.com', /Not a valid domain name/],
        ['sha256', sha('x').slice(1), /64 hex digits; this has 63/],
        ['url', 'javascript:alert(1)', /Only http, https and ftp/],
        ['other', 'x'.repeat(2049), /under 2048/],
      ];
      for (const [type, value, message] of cases) {
        const error = await expectServiceError(
          addObservable(soc, { id, type: type as 'ipv4', value }),
          'BAD_REQUEST',
        );
        expect(error.fieldErrors?.value?.join(' '), `${type} ${value.slice(0, 20)}`).toMatch(message);
      }
      const error = await expectServiceError(
        addObservable(soc, { id, type: 'hash' as 'md5', value: 'abc' }),
        'BAD_REQUEST',
      );
      expect(Object.keys(error.fieldErrors ?? {})).toContain('type');
      expect(await footprint()).toEqual(before);
      expect(await db.select().from(observables).where(eq(observables.ticketId, id))).toEqual([]);
    });

    it('flags, unflags and removes an observable, and refuses one of another incident', async () => {
      const id = await newIncident();
      const other = await newIncident();
      const { observableId } = await addObservable(soc, { id, type: 'ipv4', value: '203.0.113.9' });

      expect(await setObservableIoc(soc, { id, observableId, ioc: true })).toMatchObject({ changed: true });
      expect(await lastEvent(id)).toMatchObject({
        type: 'observable.updated',
        payload: { observableId, type: 'ipv4', value: '203.0.113.9', ioc: { from: false, to: true } },
      });
      const events = (await eventsOf(db, id)).length;
      expect(await setObservableIoc(soc, { id, observableId, ioc: true })).toMatchObject({ changed: false });
      expect(await eventsOf(db, id)).toHaveLength(events);

      await expectServiceError(setObservableIoc(soc, { id: other, observableId, ioc: false }), 'NOT_FOUND');
      await expectServiceError(removeObservable(soc, { id: other, observableId }), 'NOT_FOUND');

      expect(await removeObservable(soc, { id, observableId })).toMatchObject({ observableId });
      expect(await lastEvent(id)).toMatchObject({
        type: 'observable.removed',
        payload: { observableId, type: 'ipv4', value: '203.0.113.9', ioc: true },
      });
      await expectServiceError(removeObservable(soc, { id, observableId }), 'NOT_FOUND', 'Observable');
      expect(await db.select().from(observables).where(eq(observables.id, observableId))).toEqual([]);
    });
  });

  describe('also seen in', () => {
    it('lists the other tickets holding the same observable, only those the reader may see', async () => {
      const acme = world.org('acme').id;
      const globex = world.org('globex').id;
      const a = await newIncident({ organisationId: acme });
      const b = await newIncident({ organisationId: acme });
      const g = await newIncident({ organisationId: globex, title: 'Globex credential stuffing' });
      const { id: outage } = await createTicket(noc, outageInput(world, { organisationId: acme }));
      const { id: globexOutage } = await createTicket(
        noc,
        outageInput(world, { organisationId: globex, serviceIds: [] }),
      );
      const ip = '198.51.100.77';
      for (const id of [a, b, g]) await addObservable(soc, { id, type: 'ipv4', value: ip });
      await addObservable(soc, { id: a, type: 'domain', value: 'lonely.example' });
      await addObservable(soc, { id: b, type: 'hostname', value: 'lonely.example' }); // another type: no match
      // Outages hold observables too (the NOC's handoff request records them on the outage).
      for (const outageId of [outage, globexOutage]) {
        await db
          .insert(observables)
          .values({ ticketId: outageId, type: 'ipv4', value: ip, addedAt: world.clock.now() });
      }

      const expected = (await Promise.all([outage, globexOutage, b, g].map(numberOf))).sort();
      const workspace = await getSecurityWorkspace(soc, { id: a });
      const byValue = Object.fromEntries(workspace.observables.map((o) => [o.value, o.alsoSeenIn]));
      expect([...byValue[ip]!].sort()).toEqual(expected);
      expect(byValue[ip]).not.toContain(await numberOf(a));
      expect(byValue['lonely.example']).toEqual([]);
      // Outages first, then incidents, each by number.
      expect(byValue[ip]!.slice(0, 2).every((n) => n.startsWith('OUT-'))).toBe(true);

      // An integration of Acme reads Acme's incident in full but sees only Acme's tickets: Globex's
      // incident and outage must not leak through "also seen in".
      const integration: ServiceContext = {
        db,
        now: world.clock.now,
        actor: { type: 'integration', id: MISSING, label: 'alertmanager:acme', organisationId: acme },
      };
      const scoped = await getSecurityWorkspace(integration, { id: a });
      const seen = scoped.observables.find((o) => o.value === ip)!.alsoSeenIn;
      expect([...seen].sort()).toEqual([await numberOf(outage), await numberOf(b)].sort());
      expect(seen).not.toContain(await numberOf(g));
      expect(seen).not.toContain(await numberOf(globexOutage));
      // And it cannot read Globex's incident at all.
      await expectServiceError(getSecurityWorkspace(integration, { id: g }), 'NOT_FOUND');
    });
  });

  describe('evidence and chain of custody', () => {
    it('records evidence with its collection as custody entry 1, and audits it', async () => {
      const id = await newIncident();
      const item = evidenceItem('laptop-42.E01');
      const { evidenceId } = await addEvidence(soc, { id, ...item, sha256: item.sha256.toUpperCase() });
      const [row] = await db.select().from(evidence).where(eq(evidence.id, evidenceId));
      expect(row).toMatchObject({ sha256: item.sha256, custodian: 'Alice Analyst', sizeBytes: 4_096 });
      const ledger = await db.select().from(custodyEntries).where(eq(custodyEntries.evidenceId, evidenceId));
      expect(ledger).toEqual([
        expect.objectContaining({
          seq: 1,
          fromCustodian: null,
          toCustodian: 'Alice Analyst',
          at: item.collectedAt,
          reason: 'Collected',
          recordedById: await userId(world, 'soc@watchfloor.test'),
        }),
      ]);
      expect(await lastEvent(id)).toMatchObject({
        type: 'evidence.added',
        payload: {
          evidenceId,
          name: 'laptop-42.E01',
          sha256: item.sha256,
          collectedAt: item.collectedAt.toISOString(),
          custodian: 'Alice Analyst',
        },
      });

      // An explicit custodian holds it from the start.
      const held = await addEvidence(soc, {
        id,
        ...evidenceItem('pcap-1.pcapng'),
        custodian: 'Bob Forensics',
      });
      const [heldRow] = await db.select().from(evidence).where(eq(evidence.id, held.evidenceId));
      expect(heldRow!.custodian).toBe('Bob Forensics');
    });

    it('answers CONFLICT for the same SHA-256 twice on one incident, naming the recorded item', async () => {
      const id = await newIncident();
      const other = await newIncident();
      await addEvidence(soc, { id, ...evidenceItem('memory.raw') });
      const events = (await eventsOf(db, id)).length;
      await expectServiceError(
        addEvidence(soc, { id, ...evidenceItem('memory.raw'), name: 'memory-copy.raw' }),
        'CONFLICT',
        'This evidence (same SHA-256) is already recorded as “memory.raw”',
      );
      expect(await eventsOf(db, id)).toHaveLength(events);
      // Another incident may hold the same item.
      await addEvidence(soc, { id: other, ...evidenceItem('memory.raw') });
    });

    it('validates evidence fields', async () => {
      const id = await newIncident();
      const cases: [Record<string, unknown>, string][] = [
        [{ sha256: 'abc' }, 'sha256'],
        [{ sizeBytes: -1 }, 'sizeBytes'],
        [{ name: '  ' }, 'name'],
        [{ collectedAt: 'yesterday-ish' }, 'collectedAt'],
        [{ collectedAt: new Date(world.clock.now().getTime() + 2 * HOUR) }, 'collectedAt'],
      ];
      for (const [overrides, field] of cases) {
        const error = await expectServiceError(
          addEvidence(soc, { id, ...evidenceItem('disk.img', overrides) } as never),
          'BAD_REQUEST',
        );
        expect(Object.keys(error.fieldErrors ?? {}), JSON.stringify(overrides)).toContain(field);
      }
    });

    it('transfers custody in order, from the current holder, and refuses bad hand-overs', async () => {
      const id = await newIncident();
      const item = evidenceItem('firewall-logs.tar.gz');
      const { evidenceId } = await addEvidence(soc, { id, ...item });
      const oneHourLater = new Date(item.collectedAt.getTime() + 30 * MINUTE);

      const first = await transferEvidence(soc, {
        id,
        evidenceId,
        to: 'Bob Forensics',
        at: oneHourLater,
        reason: 'Imaging',
      });
      expect(first).toMatchObject({ evidenceId, seq: 2 });
      expect(await lastEvent(id)).toMatchObject({
        type: 'evidence.transferred',
        payload: {
          evidenceId,
          name: 'firewall-logs.tar.gz',
          from: 'Alice Analyst',
          to: 'Bob Forensics',
          at: oneHourLater.toISOString(),
          reason: 'Imaging',
        },
      });

      // The current holder again (however written) is not a transfer.
      let error = await expectServiceError(
        transferEvidence(soc, { id, evidenceId, to: ' bob forensics ', reason: 'Again' }),
        'BAD_REQUEST',
      );
      expect(error.fieldErrors?.to).toEqual(['Bob Forensics already holds this item']);
      // Not before the entry it follows, not in the future.
      error = await expectServiceError(
        transferEvidence(soc, {
          id,
          evidenceId,
          to: 'Carol Legal',
          at: new Date(oneHourLater.getTime() - 1),
          reason: 'Backdated',
        }),
        'BAD_REQUEST',
      );
      expect(error.fieldErrors?.at?.[0]).toMatch(/before the previous custody entry/);
      error = await expectServiceError(
        transferEvidence(soc, {
          id,
          evidenceId,
          to: 'Carol Legal',
          at: new Date(world.clock.now().getTime() + HOUR),
          reason: 'Time travel',
        }),
        'BAD_REQUEST',
      );
      expect(Object.keys(error.fieldErrors ?? {})).toEqual(['at']);
      error = await expectServiceError(
        transferEvidence(soc, { id, evidenceId, to: 'Carol Legal', reason: '  ' }),
        'BAD_REQUEST',
      );
      expect(Object.keys(error.fieldErrors ?? {})).toEqual(['reason']);
      await expectServiceError(
        transferEvidence(soc, { id, evidenceId: MISSING, to: 'Carol Legal', reason: 'Court' }),
        'NOT_FOUND',
      );

      // At the same instant as the previous entry is fine; no `at` means now.
      await transferEvidence(soc, { id, evidenceId, to: 'Carol Legal', at: oneHourLater, reason: 'Court' });
      world.clock.advance(MINUTE);
      await transferEvidence(soc, { id, evidenceId, to: 'Alice Analyst', reason: 'Back to the locker' });

      const [row] = await db.select().from(evidence).where(eq(evidence.id, evidenceId));
      expect(row!.custodian).toBe('Alice Analyst');
      const workspace = await getSecurityWorkspace(soc, { id });
      const custody = workspace.evidence.find((e) => e.id === evidenceId)!.custody;
      expect(custody.map((c) => [c.seq, c.from, c.to, c.reason])).toEqual([
        [1, null, 'Alice Analyst', 'Collected'],
        [2, 'Alice Analyst', 'Bob Forensics', 'Imaging'],
        [3, 'Bob Forensics', 'Carol Legal', 'Court'],
        [4, 'Carol Legal', 'Alice Analyst', 'Back to the locker'],
      ]);
      expect(custody[3]!.at).toEqual(world.clock.now());
      expect(custody[3]!.recordedBy).toEqual(expect.any(String));
    });

    it('serialises concurrent hand-overs and duplicate recordings on the incident row', async () => {
      const id = await newIncident();
      const item = evidenceItem('concurrent.bin');
      const [a, b] = await Promise.allSettled([
        addEvidence(soc, { id, ...item }),
        addEvidence(admin, { id, ...item, name: 'concurrent-copy.bin' }),
      ]);
      const outcomes = [a, b].map((o) =>
        o.status === 'fulfilled' ? 'ok' : (o.reason as { code: string }).code,
      );
      expect(outcomes.sort()).toEqual(['CONFLICT', 'ok']);
      const [row] = await db.select().from(evidence).where(eq(evidence.ticketId, id));
      await Promise.all(
        ['Bob Forensics', 'Carol Legal', 'Dan Courier'].map((to) =>
          transferEvidence(soc, { id, evidenceId: row!.id, to, reason: 'Parallel hand-over' }),
        ),
      );
      const ledger = await db
        .select()
        .from(custodyEntries)
        .where(eq(custodyEntries.evidenceId, row!.id))
        .orderBy(asc(custodyEntries.seq));
      expect(ledger.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
      // Each entry starts where the previous one ended.
      for (let i = 1; i < ledger.length; i++)
        expect(ledger[i]!.fromCustodian).toBe(ledger[i - 1]!.toCustodian);
      const [after] = await db.select().from(evidence).where(eq(evidence.id, row!.id));
      expect(after!.custodian).toBe(ledger[3]!.toCustodian);
    });

    it('keeps the custody ledger append-only in the database itself', async () => {
      const id = await newIncident();
      const { evidenceId } = await addEvidence(soc, { id, ...evidenceItem('usb-stick.img') });
      const tampering = [
        sql`update custody_entries set reason = 'Tampered' where evidence_id = ${evidenceId}`,
        sql`update custody_entries set to_custodian = 'Mallory' where evidence_id = ${evidenceId}`,
        sql`delete from custody_entries where evidence_id = ${evidenceId}`,
        sql`truncate custody_entries cascade`,
      ];
      for (const statement of tampering) {
        const error = await db.execute(statement).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error, 'the statement succeeded').not.toBeNull();
        expect(String((error as { cause?: Error }).cause?.message ?? error)).toMatch(/append-only/);
      }
      const ledger = await db.select().from(custodyEntries).where(eq(custodyEntries.evidenceId, evidenceId));
      expect(ledger).toEqual([expect.objectContaining({ seq: 1, reason: 'Collected' })]);
    });

    it('insertEvidence (used by the handoff acceptance) skips items already held and repeats', async () => {
      const id = await newIncident();
      await addEvidence(soc, { id, ...evidenceItem('already-here.log') });
      const events = await db.transaction((tx) =>
        insertEvidence(
          tx,
          id,
          [
            evidenceItem('already-here.log'),
            evidenceItem('router-config.txt', { custodian: 'NOC locker' }),
            evidenceItem('router-config.txt', { name: 'same bytes, other name' }),
            evidenceItem('syslog.gz'),
          ],
          noc.actor,
          world.clock.now(),
          'Collected by the NOC before the handoff',
        ),
      );
      expect(events.map((e) => [e.type, e.payload.name, e.payload.custodian])).toEqual([
        ['evidence.added', 'router-config.txt', 'NOC locker'],
        ['evidence.added', 'syslog.gz', 'Alice Analyst'],
      ]);
      const rows = await db
        .select({ name: evidence.name, reason: custodyEntries.reason, seq: custodyEntries.seq })
        .from(evidence)
        .innerJoin(custodyEntries, eq(custodyEntries.evidenceId, evidence.id))
        .where(eq(evidence.ticketId, id))
        .orderBy(asc(evidence.name));
      expect(rows).toEqual([
        { name: 'already-here.log', reason: 'Collected', seq: 1 },
        { name: 'router-config.txt', reason: 'Collected by the NOC before the handoff', seq: 1 },
        { name: 'syslog.gz', reason: 'Collected by the NOC before the handoff', seq: 1 },
      ]);
      expect(
        await db.transaction((tx) => insertEvidence(tx, id, [], noc.actor, world.clock.now(), 'x')),
      ).toEqual([]);
    });
  });

  describe('classification', () => {
    it('changes only the given fields, audits old → new, and bumps the version', async () => {
      const id = await newIncident({ severity: 'high', tlp: 'AMBER' });
      const before = await ticketRow(db, id);
      const result = await setClassification(soc, {
        id,
        version: before.version,
        severity: 'critical',
        tlp: 'RED',
        pap: 'AMBER',
        functionalImpact: 'medium',
        informationImpact: 'privacy_breach',
        recoverability: 'supplemented',
        classification: 'Credential access / phishing',
        publicSummary: 'Suspicious sign-ins to a finance account',
      });
      expect(result.version).toBe(before.version + 1);
      expect(await lastEvent(id)).toMatchObject({
        type: 'incident.fields_changed',
        payload: {
          severity: { from: 'high', to: 'critical' },
          tlp: { from: 'AMBER', to: 'RED' },
          pap: { from: null, to: 'AMBER' },
          functionalImpact: { from: null, to: 'medium' },
          informationImpact: { from: null, to: 'privacy_breach' },
          recoverability: { from: null, to: 'supplemented' },
          classification: { from: null, to: 'Credential access / phishing' },
          publicSummary: { from: null, to: 'Suspicious sign-ins to a finance account' },
        },
      });

      // Only one field: the others stay.
      const events = (await eventsOf(db, id)).length;
      const again = await setClassification(soc, { id, tlp: 'AMBER+STRICT' });
      expect(again.version).toBe(before.version + 2);
      const last = await lastEvent(id);
      expect(last.payload).toEqual({ tlp: { from: 'RED', to: 'AMBER+STRICT' } });
      expect(await eventsOf(db, id)).toHaveLength(events + 1);
      expect(await ticketRow(db, id)).toMatchObject({
        severity: 'critical',
        pap: 'AMBER',
        tlp: 'AMBER+STRICT',
      });

      // An emptied free-text field is cleared.
      await setClassification(soc, { id, classification: '' });
      expect((await ticketRow(db, id)).classification).toBeNull();
    });

    it('writes nothing when nothing changes, and refuses a stale version', async () => {
      const id = await newIncident({ severity: 'medium', tlp: 'GREEN' });
      const before = await ticketRow(db, id);
      const events = await eventsOf(db, id);
      const result = await setClassification(soc, {
        id,
        version: before.version,
        severity: 'medium',
        tlp: 'GREEN',
      });
      expect(result).toEqual({ changed: [], version: before.version });
      expect(await setClassification(soc, { id })).toEqual({ changed: [], version: before.version });
      expect(await ticketRow(db, id)).toEqual(before);
      expect(await eventsOf(db, id)).toEqual(events);

      await setClassification(soc, { id, severity: 'low' });
      await expectServiceError(
        setClassification(soc, { id, version: before.version, severity: 'high' }),
        'CONFLICT',
      );
      const error = await expectServiceError(
        setClassification(soc, { id, classification: 'x'.repeat(201), publicSummary: 'y'.repeat(501) }),
        'BAD_REQUEST',
      );
      expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(['classification', 'publicSummary']);
      await expectServiceError(
        setClassification(soc, { id, severity: 'apocalyptic' as 'low' }),
        'BAD_REQUEST',
      );
    });

    it('keeps the lifecycle in step: CONFIRM without a payload uses the severity set here', async () => {
      // No severity at creation: CONFIRM needs one …
      const unrated = await newIncident({ severity: undefined });
      await expectServiceError(
        transitionTicket(soc, { id: unrated, event: { type: 'CONFIRM' } }),
        'PRECONDITION_FAILED',
        'CONFIRM needs a severity',
      );
      // … which the classification can give.
      await setClassification(soc, { id: unrated, severity: 'medium' });
      expect(await transitionTicket(soc, { id: unrated, event: { type: 'CONFIRM' } })).toMatchObject({
        status: 'investigating',
      });
      expect((await ticketRow(db, unrated)).severity).toBe('medium');

      // A changed severity is not put back by the next transition.
      const rated = await newIncident({ severity: 'high' });
      await setClassification(soc, { id: rated, severity: 'low' });
      await transitionTicket(soc, { id: rated, event: { type: 'CONFIRM' } });
      expect((await ticketRow(db, rated)).severity).toBe('low');
      await setClassification(soc, { id: rated, severity: 'critical' });
      await transitionTicket(soc, { id: rated, event: { type: 'CONTAIN' } });
      const row = await ticketRow(db, rated);
      expect(row).toMatchObject({ status: 'containment', severity: 'critical' });
      expect(
        (row.lifecycle as { snapshot: { context: { severity: string } } }).snapshot.context.severity,
      ).toBe('critical');
    });
  });

  describe('ATT&CK techniques', () => {
    it('adds a technique once (normalised), removes it, and validates the id', async () => {
      const id = await newIncident();
      expect(await addTechnique(soc, { id, techniqueId: ' t1059.001 ', tactic: 'execution' })).toMatchObject({
        techniqueId: 'T1059.001',
        added: true,
      });
      expect(await lastEvent(id)).toMatchObject({
        type: 'attack.technique_added',
        payload: { techniqueId: 'T1059.001', tactic: 'execution' },
      });
      const events = (await eventsOf(db, id)).length;
      expect(await addTechnique(soc, { id, techniqueId: 'T1059.001', tactic: 'execution' })).toMatchObject({
        added: false,
      });
      expect(await eventsOf(db, id)).toHaveLength(events);
      // The same technique under another tactic is another mapping.
      await addTechnique(soc, { id, techniqueId: 'T1078', tactic: 'persistence' });
      await addTechnique(soc, { id, techniqueId: 'T1078', tactic: 'initial_access' });

      const workspace = await getSecurityWorkspace(soc, { id });
      expect(workspace.techniques.map((t) => [t.techniqueId, t.tactic, t.url])).toEqual([
        ['T1059.001', 'execution', 'https://attack.mitre.org/techniques/T1059/001/'],
        ['T1078', 'initial_access', 'https://attack.mitre.org/techniques/T1078/'],
        ['T1078', 'persistence', 'https://attack.mitre.org/techniques/T1078/'],
      ]);

      await removeTechnique(soc, { id, techniqueId: 't1078', tactic: 'persistence' });
      expect(await lastEvent(id)).toMatchObject({
        type: 'attack.technique_removed',
        payload: { techniqueId: 'T1078', tactic: 'persistence' },
      });
      await expectServiceError(
        removeTechnique(soc, { id, techniqueId: 'T1078', tactic: 'persistence' }),
        'NOT_FOUND',
      );
      const left = await db.select().from(attackTechniques).where(eq(attackTechniques.ticketId, id));
      expect(left).toHaveLength(2);

      const error = await expectServiceError(
        addTechnique(soc, { id, techniqueId: 'TA0002', tactic: 'weaponization' as 'execution' }),
        'BAD_REQUEST',
      );
      expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(['tactic', 'techniqueId']);
    });
  });

  describe('tasks', () => {
    it('adds a task for a SOC colleague and completes it; the workspace shows it', async () => {
      const id = await newIncident();
      const analyst = await userId(world, 'soc@watchfloor.test');
      const dueAt = new Date(world.clock.now().getTime() + 4 * HOUR);
      const { taskId } = await addTask(soc, {
        id,
        title: 'Reset the finance admin password',
        details: 'And revoke all sessions',
        assigneeId: analyst,
        dueAt,
      });
      expect(await lastEvent(id)).toMatchObject({
        type: 'task.added',
        payload: {
          taskId,
          title: 'Reset the finance admin password',
          assigneeId: analyst,
          assigneeEmail: 'soc@watchfloor.test',
          dueAt: dueAt.toISOString(),
        },
      });
      world.clock.advance(MINUTE);
      const unassigned = await addTask(admin, { id, title: 'Pull mailbox audit logs' });

      world.clock.advance(10 * MINUTE);
      await completeTask(soc, { taskId, result: 'Done; 3 sessions revoked' });
      expect(await lastEvent(id)).toMatchObject({
        type: 'task.completed',
        payload: { taskId, result: 'Done; 3 sessions revoked' },
      });
      await expectServiceError(completeTask(soc, { taskId }), 'PRECONDITION_FAILED', 'already done');
      await expectServiceError(completeTask(soc, { taskId: MISSING }), 'NOT_FOUND');

      const workspace = await getSecurityWorkspace(soc, { id });
      expect(workspace.tasks).toEqual([
        expect.objectContaining({
          id: taskId,
          status: 'done',
          result: 'Done; 3 sessions revoked',
          dueAt,
          completedAt: world.clock.now(),
          assignee: { id: analyst, name: expect.any(String) },
        }),
        expect.objectContaining({ id: unassigned.taskId, status: 'open', assignee: null, dueAt: null }),
      ]);
    });

    it('refuses assignees who do not work security incidents', async () => {
      const id = await newIncident();
      for (const email of ['noc@watchfloor.test', 'manager@watchfloor.test', 'customer@acme.test'] as const) {
        const error = await expectServiceError(
          addTask(soc, { id, title: 'Check the VPN logs', assigneeId: await userId(world, email) }),
          'BAD_REQUEST',
        );
        expect(error.fieldErrors?.assigneeId).toEqual([
          'Choose an active colleague who works security incidents',
        ]);
      }
      const error = await expectServiceError(addTask(soc, { id, title: '  ' }), 'BAD_REQUEST');
      expect(Object.keys(error.fieldErrors ?? {})).toEqual(['title']);
      expect(await db.select().from(tasks).where(eq(tasks.ticketId, id))).toEqual([]);
    });

    it('leaves NOC action requests to the NOC, and lists them on the incident', async () => {
      const id = await newIncident();
      const { id: outage } = await createTicket(noc, outageInput(world));
      const [action] = await db
        .insert(tasks)
        .values({
          ticketId: outage,
          kind: 'noc_action',
          action: 'block_address',
          requestedByTicketId: id,
          title: 'Block 198.51.100.77 at the edge',
          dueAt: new Date(world.clock.now().getTime() + HOUR),
          createdAt: world.clock.now(),
        })
        .returning();
      await expectServiceError(
        completeTask(soc, { taskId: action!.id }),
        'BAD_REQUEST',
        'completed by the NOC',
      );
      await expectServiceError(completeTask(noc, { taskId: action!.id }), 'BAD_REQUEST');
      const workspace = await getSecurityWorkspace(soc, { id });
      expect(workspace.nocActions).toEqual([
        expect.objectContaining({
          id: action!.id,
          action: 'block_address',
          status: 'open',
          result: null,
          completedAt: null,
          dueAt: action!.dueAt,
          outage: { id: outage, number: await numberOf(outage) },
        }),
      ]);
      expect(workspace.tasks).toEqual([]);
    });
  });

  describe('customer notices', () => {
    it('publishes and republishes a notice with a revision counter', async () => {
      const id = await newIncident({ organisationId: world.org('acme').id });
      const first = await publishNotice(soc, {
        id,
        title: 'Suspicious sign-ins',
        body: 'We detected and blocked suspicious sign-in attempts.',
      });
      expect(first).toMatchObject({ revision: 1, publishedAt: world.clock.now() });
      expect(await lastEvent(id)).toMatchObject({
        type: 'notice.published',
        payload: { revision: 1, title: 'Suspicious sign-ins' },
      });
      world.clock.advance(HOUR);
      const second = await publishNotice(soc, {
        id,
        title: 'Suspicious sign-ins (resolved)',
        body: 'No customer data was accessed.',
      });
      expect(second).toMatchObject({ revision: 2, version: first.version + 1 });
      expect(await ticketRow(db, id)).toMatchObject({
        noticeTitle: 'Suspicious sign-ins (resolved)',
        noticeBody: 'No customer data was accessed.',
        noticePublishedAt: world.clock.now(),
      });
      const error = await expectServiceError(publishNotice(soc, { id, title: 'x', body: '' }), 'BAD_REQUEST');
      expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual(['body', 'title']);
    });

    it('lists notices: customers get their own organisation only, without the incident number', async () => {
      const acmeIncident = await newIncident({ organisationId: world.org('acme').id });
      const globexIncident = await newIncident({ organisationId: world.org('globex').id });
      const quiet = await newIncident({ organisationId: world.org('acme').id }); // never published
      world.clock.advance(MINUTE);
      await publishNotice(soc, { id: acmeIncident, title: 'Acme notice', body: 'For Acme.' });
      world.clock.advance(MINUTE);
      await publishNotice(soc, { id: globexIncident, title: 'Globex notice', body: 'For Globex.' });

      const mine = await listNotices(customer);
      expect(mine.map((n) => n.title)).toContain('Acme notice');
      expect(mine.every((n) => n.organisation.slug === 'acme')).toBe(true);
      const acmeNotice = mine.find((n) => n.title === 'Acme notice')!;
      expect(Object.keys(acmeNotice).sort()).toEqual([
        'audience',
        'body',
        'organisation',
        'publishedAt',
        'title',
      ]);
      expect(JSON.stringify(mine)).not.toContain('SEC-');
      expect(JSON.stringify(mine)).not.toContain(quiet);
      // Asking for another organisation still answers with one's own.
      const asked = await listNotices(customer, { organisationId: world.org('globex').id });
      expect(asked).toEqual(mine);
      const globexCustomer = await listNotices(await world.as('customer@globex.test'));
      expect(globexCustomer.map((n) => n.title)).toContain('Globex notice');
      expect(globexCustomer.map((n) => n.title)).not.toContain('Acme notice');

      // Staff: any organisation, newest first; the incident number for those who read incidents.
      const all = await listNotices(manager);
      expect(all.slice(0, 2).map((n) => [n.title, n.number])).toEqual([
        ['Globex notice', await numberOf(globexIncident)],
        ['Acme notice', await numberOf(acmeIncident)],
      ]);
      const globexOnly = await listNotices(soc, { organisationId: world.org('globex').id });
      expect(globexOnly.every((n) => n.organisation.slug === 'globex')).toBe(true);
      expect((await listNotices(noc)).every((n) => n.number === undefined)).toBe(true);
      // The status page's call: a system actor and the organisation.
      const page = await listNotices(world.system, { organisationId: world.org('acme').id });
      expect(page.map((n) => n.title)).toContain('Acme notice');
      expect(page.map((n) => n.title)).not.toContain('Globex notice');
    });
  });

  describe('workspace', () => {
    it('records the read on the audit chain and shows it in the access log', async () => {
      const id = await newIncident();
      const before = (await ticketRow(db, id)).version;
      const first = await getSecurityWorkspace(soc, { id });
      expect(first.incident).toMatchObject({
        id,
        number: await numberOf(id),
        severity: 'high',
        version: before,
      });
      expect(await lastEvent(id)).toMatchObject({
        type: 'ticket.viewed',
        actorLabel: 'soc@watchfloor.test',
        payload: { what: 'workspace', projection: 'full' },
      });
      // The log names people by name, not by e-mail.
      expect(first.accessLog.groups[0]).toEqual({
        reader: 'Sasha SOC',
        count: 1,
        first: world.clock.now(),
        last: world.clock.now(),
        what: ['workspace'],
        projection: 'full',
      });
      world.clock.advance(MINUTE);
      const second = await getSecurityWorkspace(manager, { id });
      expect(second.accessLog.groups.map((g) => g.reader).slice(0, 2)).toEqual([
        'Morgan Manager',
        'Sasha SOC',
      ]);
      // A read is audit, not a change: no new version, and the timeline leaves it out.
      expect((await ticketRow(db, id)).version).toBe(before);
      const timeline = await ticketTimeline(soc, { id });
      expect(timeline.map((e) => e.type)).not.toContain('ticket.viewed');
    });

    it('folds consecutive reads by one person into one access-log row, interleaved readers kept apart', async () => {
      const id = await newIncident();
      const start = world.clock.now();
      for (let i = 0; i < 15; i += 1) {
        await getSecurityWorkspace(soc, { id });
        world.clock.advance(MINUTE);
      }
      await getSecurityWorkspace(manager, { id });
      world.clock.advance(MINUTE);
      const { accessLog } = await getSecurityWorkspace(soc, { id });
      expect(accessLog.groups).toEqual([
        expect.objectContaining({ reader: 'Sasha SOC', count: 1, first: world.clock.now() }),
        expect.objectContaining({ reader: 'Morgan Manager', count: 1 }),
        {
          reader: 'Sasha SOC',
          count: 15,
          first: start,
          last: new Date(start.getTime() + 14 * MINUTE),
          what: ['workspace'],
          projection: 'full',
        },
      ]);
      expect(accessLog).toMatchObject({ shown: 17, total: 17 });
    });

    it('folds only the latest reads, counting every read in the total', async () => {
      const id = await newIncident();
      const older = Array.from({ length: ACCESS_LOG_READS + 10 }, () => ({
        type: 'ticket.viewed',
        payload: { what: 'ticket', projection: 'full' },
      }));
      await db.transaction((tx) => appendEvents(tx, soc.actor, world.clock.now(), id, older));
      world.clock.advance(MINUTE);
      const { accessLog } = await getSecurityWorkspace(soc, { id });
      expect(accessLog.groups).toEqual([
        expect.objectContaining({
          reader: 'Sasha SOC',
          count: ACCESS_LOG_READS,
          what: ['workspace', 'ticket'],
        }),
      ]);
      expect(accessLog).toMatchObject({ shown: ACCESS_LOG_READS, total: ACCESS_LOG_READS + 11 });
    });

    it('answers NOT_FOUND to those who cannot see the incident in full, recording nothing', async () => {
      const id = await newIncident();
      const events = await eventsOf(db, id);
      for (const email of ['noc@watchfloor.test', 'customer@acme.test', 'customer@globex.test'] as const) {
        await expectServiceError(getSecurityWorkspace(await world.as(email), { id }), 'NOT_FOUND');
      }
      await expectServiceError(getSecurityWorkspace(soc, { id: MISSING }), 'NOT_FOUND');
      await expectServiceError(getSecurityWorkspace(soc, { id: 'SEC-1' }), 'BAD_REQUEST');
      expect(await eventsOf(db, id)).toEqual(events);
      const { id: outage } = await createTicket(noc, outageInput(world));
      await expectServiceError(
        getSecurityWorkspace(soc, { id: outage }),
        'BAD_REQUEST',
        'applies to security incidents only',
      );
    });

    it('shows handoffs and the context they brought; a NOC stub reader still gets NOT_FOUND', async () => {
      const id = await newIncident();
      const { id: outage } = await createTicket(noc, outageInput(world));
      const now = world.clock.now();
      const packet = {
        observables: [{ type: 'ipv4' as const, value: '192.0.2.66', ioc: true }],
        nocActions: [{ what: 'Rebooted edge-1', who: 'Nora NOC', at: now.toISOString() }],
        evidence: [],
        people: [{ name: 'Nora NOC', role: 'On call' }],
      };
      await db.insert(handoffs).values({
        outageId: outage,
        incidentId: id,
        status: 'accepted',
        machine: { machine: 'handoff', version: 1, snapshot: {} },
        hypothesis: 'DDoS as cover for credential stuffing',
        confidence: 'medium',
        symptomStartAt: new Date(now.getTime() - HOUR),
        recommendedSeverity: 'high',
        recommendedTlp: 'AMBER',
        packet,
        requestedById: await userId(world, 'noc@watchfloor.test'),
        requestedAt: new Date(now.getTime() - 30 * MINUTE),
        decidedById: await userId(world, 'soc@watchfloor.test'),
        decidedAt: now,
      });
      // What the acceptance appends to the incident's chain.
      const received = { handoffId: 'h-1', outage: await numberOf(outage), outageTimeline: [{ seq: 1 }] };
      await db.transaction(async (tx) => {
        const [head] = await tx
          .select({ seq: tickets.eventSeq, hash: tickets.eventHash })
          .from(tickets)
          .where(eq(tickets.id, id))
          .for('update');
        await appendEvents(tx, soc.actor, now, { ticketId: id, head: head! }, [
          { type: 'handoff.received', payload: received },
        ]);
      });

      const workspace = await getSecurityWorkspace(soc, { id });
      expect(workspace.handoffs).toEqual([
        expect.objectContaining({
          status: 'accepted',
          outage: { id: outage, number: await numberOf(outage) },
          hypothesis: 'DDoS as cover for credential stuffing',
          confidence: 'medium',
          symptomStartAt: new Date(now.getTime() - HOUR),
          requestedAt: new Date(now.getTime() - 30 * MINUTE),
          requestedBy: expect.any(String),
          packet: expect.objectContaining({ people: packet.people }),
        }),
      ]);
      expect(workspace.receivedContext).toEqual([received]);

      // The NOC now sees the incident as a stub: not enough for the workspace.
      const events = (await eventsOf(db, id)).length;
      await expectServiceError(getSecurityWorkspace(noc, { id }), 'NOT_FOUND');
      expect(await eventsOf(db, id)).toHaveLength(events);
      // … nor to work it.
      await expectServiceError(addObservable(noc, { id, type: 'ipv4', value: '192.0.2.1' }), 'FORBIDDEN');
    });
  });

  describe('who may work the incident', () => {
    /** Every write verb on incident `id`, with references that exist where the verb needs one. */
    async function writes(id: string) {
      const observableId =
        (await db.select({ id: observables.id }).from(observables).where(eq(observables.ticketId, id)))[0]
          ?.id ?? MISSING;
      const evidenceId =
        (await db.select({ id: evidence.id }).from(evidence).where(eq(evidence.ticketId, id)))[0]?.id ??
        MISSING;
      const taskId =
        (await db.select({ id: tasks.id }).from(tasks).where(eq(tasks.ticketId, id)))[0]?.id ?? MISSING;
      return {
        addObservable: (ctx: ServiceContext) =>
          addObservable(ctx, { id, type: 'ipv4', value: '192.0.2.200' }),
        setObservableIoc: (ctx: ServiceContext) => setObservableIoc(ctx, { id, observableId, ioc: true }),
        removeObservable: (ctx: ServiceContext) => removeObservable(ctx, { id, observableId }),
        addEvidence: (ctx: ServiceContext) => addEvidence(ctx, { id, ...evidenceItem(`matrix-${id}`) }),
        transferEvidence: (ctx: ServiceContext) =>
          transferEvidence(ctx, { id, evidenceId, to: 'Mallory', reason: 'Because' }),
        setClassification: (ctx: ServiceContext) => setClassification(ctx, { id, severity: 'low' }),
        addTechnique: (ctx: ServiceContext) =>
          addTechnique(ctx, { id, techniqueId: 'T1110', tactic: 'credential_access' }),
        removeTechnique: (ctx: ServiceContext) =>
          removeTechnique(ctx, { id, techniqueId: 'T1566', tactic: 'initial_access' }),
        addTask: (ctx: ServiceContext) => addTask(ctx, { id, title: 'Something' }),
        completeTask: (ctx: ServiceContext) => completeTask(ctx, { taskId }),
        publishNotice: (ctx: ServiceContext) => publishNotice(ctx, { id, title: 'A notice', body: 'Body' }),
      };
    }

    async function seeded(id: string, by: ServiceContext = soc) {
      await addObservable(by, { id, type: 'domain', value: 'seed.example' });
      await addEvidence(by, { id, ...evidenceItem(`seed-${id}`) });
      await addTechnique(by, { id, techniqueId: 'T1566', tactic: 'initial_access' });
      await addTask(by, { id, title: 'Seeded task' });
    }

    it('answers NOT_FOUND to those who cannot see it and FORBIDDEN to managers, writing nothing', async () => {
      const id = await newIncident();
      await seeded(id);
      const before = await footprint();
      const verbs = await writes(id);
      for (const [name, call] of Object.entries(verbs)) {
        for (const ctx of [noc, customer, await world.as('customer@globex.test')]) {
          const error = await expectServiceError(call(ctx), 'NOT_FOUND');
          expect(error.message, name).toBe('Ticket not found');
        }
        await expectServiceError(call(manager), 'FORBIDDEN', 'Your role cannot work security incidents');
      }
      expect(await footprint()).toEqual(before);
    });

    it('lets admins and SOC analysts work it', async () => {
      const id = await newIncident();
      await seeded(id, admin);
      for (const [name, call] of Object.entries(await writes(id))) {
        const result = await call(name.length % 2 ? admin : soc);
        expect(result.version, name).toBeGreaterThan(0);
      }
    });

    it('answers BAD_REQUEST on an outage and PRECONDITION_FAILED on a closed incident', async () => {
      const { id: outage } = await createTicket(noc, outageInput(world));
      for (const [name, call] of Object.entries(await writes(outage))) {
        if (name === 'completeTask') continue; // no task on an outage but NOC actions (tested above)
        await expectServiceError(call(admin), 'BAD_REQUEST', 'applies to security incidents only');
        // A SOC analyst does not work outages at all.
        await expectServiceError(call(soc), 'FORBIDDEN');
      }

      const { id: closed } = await ticketIn(world, 'security', 'closed');
      await seededClosed(closed);
      const before = await footprint();
      for (const [name, call] of Object.entries(await writes(closed))) {
        const error = await expectServiceError(call(soc), 'PRECONDITION_FAILED');
        expect(error.message, name).toMatch(/closed/);
      }
      expect(await footprint()).toEqual(before);
      // Reading still works.
      expect((await getSecurityWorkspace(soc, { id: closed })).incident.status).toBe('closed');
    });

    /** Rows on a closed incident (written directly: the services refuse them now). */
    async function seededClosed(id: string) {
      const now = world.clock.now();
      await db
        .insert(observables)
        .values({ ticketId: id, type: 'domain', value: 'seed.example', addedAt: now });
      await db.insert(tasks).values({ ticketId: id, kind: 'task', title: 'Left open', createdAt: now });
      await db.insert(attackTechniques).values({
        ticketId: id,
        techniqueId: 'T1566',
        tactic: 'initial_access',
        addedAt: now,
      });
    }

    it('leaves every audit chain it wrote verifiable', async () => {
      expect(await verifyAuditChains(db)).toMatchObject({ firstBreak: null });
    });
  });
});

import { eq } from 'drizzle-orm';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Database, DatabaseHandle, Transaction } from '../../../db/client';
import { firedEffects, ticketEvents, ticketLinks, tickets } from '../../../db/schema';
import { testEngines } from '../../../test/databases';
import { useDemoWorld } from '../../../test/suite';
import {
  databaseFootprint,
  drive,
  eventsOf,
  expectServiceError,
  OUTAGE_ROUTES,
  outageInput,
  RESOLVE,
  SECURITY_ROUTES,
  settle,
  ticketIn,
  ticketRow,
  tryRolledBack,
  userId,
} from '../../../test/tickets';
import type { DemoEmail, DemoWorld } from '../../../test/world';
import { verifyAuditChains } from '../audit/verify';
import { allowedActions } from '../tickets/allowed-actions';
import { assignTicket } from '../tickets/assign';
import { commentOnTicket } from '../tickets/comment';
import { createTicket } from '../tickets/create';
import { getTicket } from '../tickets/get';
import { linkTickets } from '../tickets/link';
import type { LifecycleEventInput } from '../tickets/schemas';
import { setTicketPriority } from '../tickets/set-priority';
import { transitionTicket } from '../tickets/transition';
import { projectionFor } from './access';
import { appendEvents } from './chain';
import type { ServiceContext } from './context';
import { changeTicket, type TicketDecision } from './engine';
import { ServiceError } from './errors';

const MINUTE = 60_000;

/** Every event a person may send through tickets.transition, with every payload field it could need. */
const FULL_EVENTS: Record<string, LifecycleEventInput> = {
  ACK: { type: 'ACK' },
  INVESTIGATE: { type: 'INVESTIGATE' },
  IDENTIFY: { type: 'IDENTIFY' },
  FIX: { type: 'FIX' },
  RESOLVE,
  CLOSE: { type: 'CLOSE', lessonsLearned: 'Alert on MFA fatigue patterns' },
  REOPEN: { type: 'REOPEN' },
  HOLD: { type: 'HOLD', reason: 'vendor' },
  RESUME: { type: 'RESUME' },
  CONFIRM: { type: 'CONFIRM', severity: 'critical' },
  DISMISS: { type: 'DISMISS', resolution: 'benign' },
  CONTAIN: { type: 'CONTAIN' },
  ERADICATE: { type: 'ERADICATE' },
  RECOVER: { type: 'RECOVER' },
  REVIEW: { type: 'REVIEW', rootCause: 'Token theft through an AiTM proxy' },
};
const ACTORS: DemoEmail[] = [
  'admin@watchfloor.test',
  'manager@watchfloor.test',
  'noc@watchfloor.test',
  'soc@watchfloor.test',
  'customer@acme.test',
  'customer@globex.test',
];

const STAFF_OUTAGE_ACTIONS: Record<string, string[]> = {
  new: ['ACK', 'HOLD(reason)'],
  acknowledged: ['HOLD(reason)', 'INVESTIGATE'],
  investigating: ['FIX', 'HOLD(reason)', 'IDENTIFY'],
  identified: ['FIX', 'HOLD(reason)'],
  monitoring: ['HOLD(reason)', 'RESOLVE(resolutionSummary,causeCategory)'],
  resolved: ['CLOSE', 'REOPEN'],
  closed: [],
  on_hold: ['RESUME'],
};
const SOC_SECURITY_ACTIONS: Record<string, string[]> = {
  triage: ['CONFIRM', 'DISMISS(resolution)'],
  'triage without severity': ['CONFIRM(severity)', 'DISMISS(resolution)'],
  investigating: ['CONTAIN'],
  containment: ['ERADICATE'],
  eradication: ['RECOVER'],
  recovery: ['REVIEW(rootCause)'],
  post_incident: ['CLOSE(lessonsLearned)'],
  closed: [],
  dismissed: [],
};

/** Per role: the actions offered, or NOT_FOUND when the ticket is hidden from them. */
function expectedActions(kind: string, status: string): Record<string, string[]> {
  if (kind === 'outage') {
    const staff = STAFF_OUTAGE_ACTIONS[status]!;
    return {
      'admin@watchfloor.test': staff,
      'manager@watchfloor.test': staff,
      'noc@watchfloor.test': staff,
      // SOC analysts only comment on outages; customers only watch their own.
      'soc@watchfloor.test': [],
      'customer@acme.test': [],
      'customer@globex.test': ['NOT_FOUND'],
    };
  }
  const closed = status === 'closed' || status === 'dismissed';
  return {
    'admin@watchfloor.test': closed ? ['REOPEN'] : SOC_SECURITY_ACTIONS[status]!,
    // Managers see incidents but do not work them; reopening a closed one is their call.
    'manager@watchfloor.test': closed ? ['REOPEN'] : [],
    'noc@watchfloor.test': ['NOT_FOUND'],
    'soc@watchfloor.test': SOC_SECURITY_ACTIONS[status]!,
    'customer@acme.test': ['NOT_FOUND'],
    'customer@globex.test': ['NOT_FOUND'],
  };
}

describe.each(testEngines())('lifecycle engine on $engine', ({ open }) => {
  let handle: DatabaseHandle;
  let db: Database;
  let world: DemoWorld;

  useDemoWorld({ open }, (setup) => ({ handle, db, world } = setup));

  describe('full lifecycles through the service', () => {
    it('walks an outage from new to closed, stamping milestones from the injected clock', async () => {
      const noc = await world.as('noc@watchfloor.test');
      const createdAt = world.clock.now();
      const { id } = await createTicket(noc, outageInput(world));
      const steps: [LifecycleEventInput['type'], string][] = [
        ['ACK', 'acknowledged'],
        ['INVESTIGATE', 'investigating'],
        ['IDENTIFY', 'identified'],
        ['FIX', 'monitoring'],
        ['RESOLVE', 'resolved'],
        ['CLOSE', 'closed'],
      ];
      const at: Record<string, Date> = {};
      let version = 1;
      for (const [type, status] of steps) {
        world.clock.advance(7 * MINUTE);
        at[type] = world.clock.now();
        const event = (type === 'RESOLVE' ? RESOLVE : { type }) as LifecycleEventInput;
        const result = await transitionTicket(noc, { id, event, version });
        expect(result).toEqual({ status, version: version + 1 });
        version = result.version;
      }
      const ticket = await ticketRow(db, id);
      expect(ticket).toMatchObject({
        status: 'closed',
        version: 7,
        createdAt,
        acknowledgedAt: at.ACK,
        resolvedAt: at.RESOLVE,
        closedAt: at.CLOSE,
        updatedAt: at.CLOSE,
      });
      const view = await getTicket(noc, { id });
      expect(view).toMatchObject({ status: 'closed', acknowledgedAt: at.ACK, resolvedAt: at.RESOLVE });

      const events = await eventsOf(db, id);
      expect(events.map((e) => [e.seq, e.type])).toEqual([
        [1, 'ticket.created'],
        ...steps.map((_, i) => [i + 2, 'ticket.transitioned']),
      ]);
      expect(events.slice(1).map((e) => [e.payload.from, e.payload.to])).toEqual([
        ['new', 'acknowledged'],
        ['acknowledged', 'investigating'],
        ['investigating', 'identified'],
        ['identified', 'monitoring'],
        ['monitoring', 'resolved'],
        ['resolved', 'closed'],
      ]);
      expect(events.slice(1).map((e) => e.occurredAt)).toEqual(steps.map(([type]) => at[type]));
      expect(events[1]!.payload).toEqual({
        event: { type: 'ACK' },
        from: 'new',
        to: 'acknowledged',
        changes: {
          status: { from: 'new', to: 'acknowledged' },
          acknowledgedAt: { from: null, to: at.ACK!.toISOString() },
        },
      });
      expect(events.every((e) => e.actorLabel === 'noc@watchfloor.test' && e.actorType === 'user')).toBe(
        true,
      );
      expect((await verifyAuditChains(db, { ticketId: id })).firstBreak).toBeNull();
    });

    it.each(['new', 'acknowledged', 'investigating', 'identified', 'monitoring'])(
      'HOLD then RESUME returns an outage to %s',
      async (status) => {
        const noc = await world.as('noc@watchfloor.test');
        const { id } = await ticketIn(world, 'outage', status);
        const before = await ticketRow(db, id);
        const held = await transitionTicket(noc, {
          id,
          event: { type: 'HOLD', reason: 'change_window' },
          version: before.version,
        });
        expect(held).toEqual({ status: 'on_hold', version: before.version + 1 });
        await expectServiceError(
          transitionTicket(noc, { id, event: { type: 'HOLD', reason: 'vendor' } }),
          'PRECONDITION_FAILED',
          'cannot HOLD while on_hold',
        );
        const resumed = await transitionTicket(noc, { id, event: { type: 'RESUME' }, version: held.version });
        expect(resumed).toEqual({ status, version: before.version + 2 });
        const after = await ticketRow(db, id);
        expect(after.status).toBe(status);
        expect(after.acknowledgedAt).toEqual(before.acknowledgedAt);
        const last = (await eventsOf(db, id)).slice(-2);
        expect(last.map((e) => [e.payload.from, e.payload.to])).toEqual([
          [status, 'on_hold'],
          ['on_hold', status],
        ]);
        expect(last[0]!.payload.event).toEqual({ type: 'HOLD', reason: 'change_window' });
      },
    );

    it('REOPEN clears resolvedAt and closedAt; the next resolution is stamped anew', async () => {
      const noc = await world.as('noc@watchfloor.test');
      const { id } = await ticketIn(world, 'outage', 'monitoring');
      const acknowledgedAt = (await ticketRow(db, id)).acknowledgedAt;
      world.clock.advance(MINUTE);
      const firstResolution = world.clock.now();
      await transitionTicket(noc, { id, event: RESOLVE });
      expect((await ticketRow(db, id)).resolvedAt).toEqual(firstResolution);

      world.clock.advance(30 * MINUTE);
      expect(await transitionTicket(noc, { id, event: { type: 'REOPEN' } })).toMatchObject({
        status: 'investigating',
      });
      const reopened = await ticketRow(db, id);
      expect(reopened).toMatchObject({
        status: 'investigating',
        resolvedAt: null,
        closedAt: null,
        acknowledgedAt,
      });
      const reopenEvent = (await eventsOf(db, id)).at(-1)!;
      expect(reopenEvent.payload.changes).toEqual({
        status: { from: 'resolved', to: 'investigating' },
        resolvedAt: { from: firstResolution.toISOString(), to: null },
        resolutionSummary: { from: RESOLVE.resolutionSummary, to: null },
        causeCategory: { from: RESOLVE.causeCategory, to: null },
      });

      await transitionTicket(noc, { id, event: { type: 'FIX' } });
      world.clock.advance(MINUTE);
      const secondResolution = world.clock.now();
      await transitionTicket(noc, { id, event: RESOLVE });
      world.clock.advance(MINUTE);
      const closedAt = world.clock.now();
      await transitionTicket(noc, { id, event: { type: 'CLOSE' } });
      expect(await ticketRow(db, id)).toMatchObject({
        resolvedAt: secondResolution,
        closedAt,
        acknowledgedAt,
      });
      // A closed outage is final: follow-up work is a new ticket.
      await expectServiceError(
        transitionTicket(noc, { id, event: { type: 'REOPEN' } }),
        'PRECONDITION_FAILED',
        'cannot REOPEN while closed',
      );
    });

    it('walks a security incident through the NIST phases, recording severity, root cause and lessons', async () => {
      const soc = await world.as('soc@watchfloor.test');
      const { id } = await createTicket(soc, {
        kind: 'security',
        title: 'Suspicious OAuth consent grant',
        organisationId: world.org('globex').id,
        impact: 'medium',
        urgency: 'medium',
      });
      expect(await ticketRow(db, id)).toMatchObject({ status: 'triage', severity: null });
      await expectServiceError(
        transitionTicket(soc, { id, event: { type: 'CONFIRM' } }),
        'PRECONDITION_FAILED',
        'CONFIRM needs a severity',
      );
      world.clock.advance(4 * MINUTE);
      const confirmedAt = world.clock.now();
      expect(
        await transitionTicket(soc, { id, event: { type: 'CONFIRM', severity: 'high' }, version: 1 }),
      ).toEqual({
        status: 'investigating',
        version: 2,
      });
      expect(await ticketRow(db, id)).toMatchObject({ severity: 'high', acknowledgedAt: confirmedAt });
      await drive(soc, id, [{ type: 'CONTAIN' }, { type: 'ERADICATE' }, { type: 'RECOVER' }]);
      await expectServiceError(
        transitionTicket(soc, { id, event: { type: 'REVIEW' } }),
        'PRECONDITION_FAILED',
        'REVIEW needs a root-cause summary',
      );
      await transitionTicket(soc, { id, event: { type: 'REVIEW', rootCause: '  Consent phishing app  ' } });
      expect(await ticketRow(db, id)).toMatchObject({
        status: 'post_incident',
        rootCause: 'Consent phishing app',
      });
      await expectServiceError(
        transitionTicket(soc, { id, event: { type: 'CLOSE' } }),
        'PRECONDITION_FAILED',
        'CLOSE needs lessons learned',
      );
      world.clock.advance(MINUTE);
      const closedAt = world.clock.now();
      await transitionTicket(soc, { id, event: { type: 'CLOSE', lessonsLearned: 'Restrict user consent' } });
      expect(await ticketRow(db, id)).toMatchObject({
        status: 'closed',
        version: 7,
        severity: 'high',
        rootCause: 'Consent phishing app',
        lessonsLearned: 'Restrict user consent',
        resolution: null,
        acknowledgedAt: confirmedAt,
        resolvedAt: closedAt,
        closedAt,
      });
      expect((await eventsOf(db, id)).map((e) => e.payload.to ?? e.payload.status)).toEqual([
        'triage',
        'investigating',
        'containment',
        'eradication',
        'recovery',
        'post_incident',
        'closed',
      ]);

      // Only a manager or admin reopens a closed incident.
      await expectServiceError(
        transitionTicket(soc, { id, event: { type: 'REOPEN' } }),
        'PRECONDITION_FAILED',
        'REOPEN needs a manager or admin',
      );
      const manager = await world.as('manager@watchfloor.test');
      expect(await transitionTicket(manager, { id, event: { type: 'REOPEN' }, version: 7 })).toEqual({
        status: 'investigating',
        version: 8,
      });
      expect(await ticketRow(db, id)).toMatchObject({
        status: 'investigating',
        resolvedAt: null,
        closedAt: null,
        acknowledgedAt: confirmedAt,
        rootCause: 'Consent phishing app',
        lessonsLearned: 'Restrict user consent',
      });
      // What was learned is kept, so the second review and close need no new text.
      await drive(soc, id, [
        { type: 'CONTAIN' },
        { type: 'ERADICATE' },
        { type: 'RECOVER' },
        { type: 'REVIEW' },
        { type: 'CLOSE' },
      ]);
      expect((await ticketRow(db, id)).status).toBe('closed');
    });

    it('DISMISS from triage closes with the resolution; REOPEN clears it', async () => {
      const soc = await world.as('soc@watchfloor.test');
      const { id } = await ticketIn(world, 'security', 'triage');
      world.clock.advance(2 * MINUTE);
      const dismissedAt = world.clock.now();
      expect(
        await transitionTicket(soc, { id, event: { type: 'DISMISS', resolution: 'duplicate' }, version: 1 }),
      ).toEqual({ status: 'closed', version: 2 });
      expect(await ticketRow(db, id)).toMatchObject({
        status: 'closed',
        resolution: 'duplicate',
        acknowledgedAt: dismissedAt,
        resolvedAt: dismissedAt,
        closedAt: dismissedAt,
      });
      const admin = await world.as('admin@watchfloor.test');
      await transitionTicket(admin, { id, event: { type: 'REOPEN' } });
      expect(await ticketRow(db, id)).toMatchObject({
        status: 'investigating',
        resolution: null,
        resolvedAt: null,
        closedAt: null,
        acknowledgedAt: dismissedAt,
      });
    });
  });

  describe('the command path', () => {
    it('checks in order: exists and visible (NOT_FOUND), authorised (FORBIDDEN), current (CONFLICT), then decides', async () => {
      const { id: outage } = await ticketIn(world, 'outage', 'acknowledged');
      const { id: incident } = await ticketIn(world, 'security', 'triage');
      const calls: string[] = [];
      const probe = (ctx: ServiceContext, ticketId: string, expectedVersion?: number, refuse = false) =>
        changeTicket(ctx, {
          ticketId,
          expectedVersion,
          authorize: () => {
            calls.push('authorize');
            if (refuse) throw new ServiceError('FORBIDDEN', 'no');
          },
          decide: () => {
            calls.push('decide');
            return { events: [], result: {} };
          },
        });
      const noc = await world.as('noc@watchfloor.test');
      await expectServiceError(probe(noc, '6b0c1d8e-0000-4000-8000-000000000000', 1), 'NOT_FOUND');
      await expectServiceError(probe(noc, incident, 99), 'NOT_FOUND', 'Ticket not found');
      expect(calls).toEqual([]);
      await expectServiceError(probe(noc, outage, 99, true), 'FORBIDDEN');
      expect(calls).toEqual(['authorize']);
      await expectServiceError(probe(noc, outage, 99), 'CONFLICT', 'changed since you loaded it');
      expect(calls).toEqual(['authorize', 'authorize']);
      expect(await probe(noc, outage, 2)).toEqual({ version: 2 });
      expect(calls).toEqual(['authorize', 'authorize', 'authorize', 'decide']);
    });

    it('runs load, then the pure decide, then apply with the decision; decide never sees a database handle', async () => {
      const admin = await world.as('admin@watchfloor.test');
      const { id } = await ticketIn(world, 'outage', 'new');
      const { id: other } = await ticketIn(world, 'outage', 'new');
      const phases: string[] = [];
      const decideArgs: unknown[] = [];
      let applied: { side: unknown; ticket: string; now: Date } | undefined;
      const result = await changeTicket(admin, {
        ticketId: id,
        authorize: () => {},
        load: async (tx, ticket) => {
          phases.push('load');
          const [row] = await tx
            .select({ title: tickets.title })
            .from(tickets)
            .where(eq(tickets.id, ticket.id));
          return { title: row!.title };
        },
        decide: (ticket, now, context) => {
          phases.push('decide');
          decideArgs.push(ticket, now, context);
          return {
            events: [{ type: 'test.decided', payload: { title: context.loaded.title } }],
            side: { link: { fromTicketId: ticket.id, toTicketId: other } },
            result: { decided: true },
          };
        },
        apply: async (tx, decision, ticket, now) => {
          phases.push('apply');
          applied = { side: decision.side, ticket: ticket.id, now };
          await tx.insert(ticketLinks).values({ ...decision.side.link, type: 'relates_to', createdAt: now });
          return {};
        },
      });
      expect(phases).toEqual(['load', 'decide', 'apply']);
      expect(result).toEqual({ decided: true, version: 1 });
      // decide's arguments are plain data: the row, the instant, what was prefetched and loaded.
      const [ticket, now, context] = decideArgs as [{ id: string }, Date, Record<string, unknown>];
      expect(ticket.id).toBe(id);
      expect(now).toBeInstanceOf(Date);
      expect(context).toEqual({ loaded: { title: (await ticketRow(db, id)).title } });
      const handles = [ticket, now, context, ...Object.values(context)].filter(
        (arg) => typeof (arg as { select?: unknown } | null)?.select === 'function',
      );
      expect(handles).toEqual([]);
      expect(applied).toEqual({ side: { link: { fromTicketId: id, toTicketId: other } }, ticket: id, now });
      const links = await db.select().from(ticketLinks).where(eq(ticketLinks.fromTicketId, id));
      expect(links.map((l) => l.createdAt)).toEqual([now]);
      expect((await eventsOf(db, id)).at(-1)).toMatchObject({ type: 'test.decided', occurredAt: now });
    });

    it('types each phase with what it may use: decide no handle, load only reads, apply the side decided', () => {
      const base = { ticketId: '6b0c1d8e-0000-4000-8000-000000000000', authorize: () => {} };
      const options: Parameters<typeof changeTicket>[1][] = [
        {
          ...base,
          // @ts-expect-error decide gets (ticket, now, context): the second argument is the instant, not a tx
          decide: (_ticket: unknown, tx: { insert: unknown }) => ({ events: [], result: { tx } }),
        },
        {
          ...base,
          load: async (tx) => {
            // @ts-expect-error load's handle is a Reader: it has no insert (nor update, nor delete)
            await tx.insert(ticketLinks);
          },
          decide: () => ({ events: [], result: {} }),
        },
        // @ts-expect-error every command decides: apply alone does not type-check
        { ...base, apply: async () => ({}) },
      ];
      void options;
      const typed = (ctx: ServiceContext) =>
        changeTicket(ctx, {
          ...base,
          decide: () => ({ events: [], side: { rows: 2 }, result: { decided: true } }),
          apply: async (_tx, decision) => {
            const rows: number = decision.side.rows;
            // @ts-expect-error the side is exactly what decide named
            void decision.side.other;
            return { result: { rows } };
          },
        });
      // The answer: decide's result, apply's, and the version.
      expectTypeOf(typed).returns.resolves.toEqualTypeOf<
        { decided: boolean } & { rows: number } & { version: number }
      >();
    });

    it('runs apply only when decide named side writes and did not throw', async () => {
      const admin = await world.as('admin@watchfloor.test');
      const { id } = await ticketIn(world, 'outage', 'new');
      const before = await databaseFootprint(db);
      const calls: string[] = [];
      const command = (decide: () => TicketDecision<object, string>) =>
        changeTicket(admin, {
          ticketId: id,
          authorize: () => {},
          decide,
          apply: async (_tx, decision) => {
            calls.push(`apply ${decision.side}`);
            return {};
          },
        });
      await expectServiceError(
        command(() => {
          throw new ServiceError('PRECONDITION_FAILED', 'refused');
        }),
        'PRECONDITION_FAILED',
      );
      expect(await command(() => ({ events: [], result: { nothing: true } }))).toEqual({
        nothing: true,
        version: 1,
      });
      expect(calls).toEqual([]);
      expect(await databaseFootprint(db)).toEqual(before);
      await command(() => ({ events: [], side: 'named', result: {} }));
      expect(calls).toEqual(['apply named']);
      // Side writes named without an apply to perform them are a defect, refused before anything is written.
      await expect(
        changeTicket(admin, {
          ticketId: id,
          authorize: () => {},
          decide: () => ({ events: [{ type: 'test.probe', payload: {} }], side: 'lost', result: {} }),
        }),
      ).rejects.toThrow(/no apply/);
      expect(await databaseFootprint(db)).toEqual(before);
    });

    it('a throw in apply, or in the write after it, rolls back everything, side writes included', async () => {
      const admin = await world.as('admin@watchfloor.test');
      const { id } = await ticketIn(world, 'outage', 'new');
      const { id: other } = await ticketIn(world, 'outage', 'new');
      const before = await databaseFootprint(db);
      const sideWrites = async (tx: Transaction) => {
        await appendEvents(tx, admin.actor, admin.now(), other, [{ type: 'test.probe', payload: {} }]);
        await tx
          .insert(ticketLinks)
          .values({ fromTicketId: id, toTicketId: other, type: 'relates_to', createdAt: admin.now() });
      };
      await expectServiceError(
        changeTicket(admin, {
          ticketId: id,
          authorize: () => {},
          decide: () => ({ set: { title: 'Renamed' }, events: [], side: true, result: {} }),
          apply: async (tx) => {
            await sideWrites(tx);
            throw new ServiceError('PRECONDITION_FAILED', 'changed my mind');
          },
        }),
        'PRECONDITION_FAILED',
      );
      expect(await databaseFootprint(db)).toEqual(before);

      // The ticket's statement runs after apply: when it fails (here an event type the chain refuses), the
      // side writes and the row's update go with it.
      await expect(
        changeTicket(admin, {
          ticketId: id,
          authorize: () => {},
          decide: () => ({
            set: { title: 'Renamed' },
            events: [{ type: 'Not A Valid Type', payload: {} }],
            side: true,
            result: {},
          }),
          apply: async (tx) => {
            await sideWrites(tx);
            return {};
          },
        }),
      ).rejects.toThrow();
      expect(await databaseFootprint(db)).toEqual(before);
    });

    it("chains apply's events after the decision's in the same append and merges apply's result", async () => {
      const admin = await world.as('admin@watchfloor.test');
      const { id } = await ticketIn(world, 'outage', 'new');
      const { version, eventSeq } = await ticketRow(db, id);
      const result = await changeTicket(admin, {
        ticketId: id,
        authorize: () => {},
        decide: () => ({
          set: { title: 'Renamed' },
          events: [{ type: 'test.decided', payload: {} }],
          side: 'write',
          result: { decided: 1 },
        }),
        apply: async () => ({
          events: [
            { type: 'test.applied', payload: { n: 1 } },
            { type: 'test.applied', payload: { n: 2 } },
          ],
          result: { applied: 2 },
        }),
      });
      expect(result).toEqual({ decided: 1, applied: 2, version: version + 1 });
      const events = (await eventsOf(db, id)).slice(eventSeq);
      expect(events.map((e) => [e.seq, e.type, e.payload.n])).toEqual([
        [eventSeq + 1, 'test.decided', undefined],
        [eventSeq + 2, 'test.applied', 1],
        [eventSeq + 3, 'test.applied', 2],
      ]);
      const row = await ticketRow(db, id);
      expect([row.eventSeq, row.eventHash]).toEqual([eventSeq + 3, events.at(-1)!.hash]);
      expect((await verifyAuditChains(db, { ticketId: id })).firstBreak).toBeNull();

      // Events that only apply answers are still a change: with no field and no decided event, they are
      // chained and announced like any other.
      await changeTicket(admin, {
        ticketId: id,
        authorize: () => {},
        decide: () => ({ events: [], side: 'write', result: {} }),
        apply: async () => ({ events: [{ type: 'test.applied', payload: { n: 3 } }] }),
      });
      expect((await eventsOf(db, id)).at(-1)!.payload).toEqual({ n: 3 });
      expect((await verifyAuditChains(db, { ticketId: id })).firstBreak).toBeNull();
    });

    it('writes typed effects in the command and refuses a clock changed twice, writing nothing', async () => {
      const admin = await world.as('admin@watchfloor.test');
      const { id } = await ticketIn(world, 'outage', 'new');
      // Effects are refused before anything is written, so the clock need not exist.
      const clockId = '6b0c1d8e-0000-4000-8000-00000000c10c';
      const before = await databaseFootprint(db);
      const twice = { clockId, set: {}, fired: [] };
      await expect(
        changeTicket(admin, {
          ticketId: id,
          authorize: () => {},
          decide: () => ({ events: [], effects: { clocks: [twice, twice] }, result: {} }),
        }),
      ).rejects.toThrow(/changed twice/);
      expect(await databaseFootprint(db)).toEqual(before);
      // An effect alone (no field, no event) is still written, in the command's statement.
      await changeTicket(admin, {
        ticketId: id,
        authorize: () => {},
        decide: () => ({
          events: [],
          effects: {
            clocks: [{ clockId, set: {}, fired: [{ key: `test:${clockId}`, dueAt: admin.now() }] }],
          },
          result: {},
        }),
      });
      const fired = await db.select().from(firedEffects).where(eq(firedEffects.ticketId, id));
      expect(fired.map((f) => f.key)).toEqual([`test:${clockId}`]);
    });

    it('bumps the version by one per state-changing verb and never for comments or links', async () => {
      const noc = await world.as('noc@watchfloor.test');
      const manager = await world.as('manager@watchfloor.test');
      const { id } = await createTicket(noc, outageInput(world));
      const { number: otherNumber } = await createTicket(
        noc,
        outageInput(world, { title: 'Second symptom' }),
      );
      const nocUserId = userId(world, 'noc@watchfloor.test');
      const steps: [string, () => Promise<{ version: number | null }>, number][] = [
        ['ack', () => transitionTicket(noc, { id, event: { type: 'ACK' }, version: 1 }), 1],
        ['comment', () => commentOnTicket(noc, { id, body: 'Looking at the optics' }), 0],
        ['assign', async () => assignTicket(noc, { id, assigneeId: await nocUserId, version: 2 }), 1],
        ['priority', () => setTicketPriority(manager, { id, impact: 'low', urgency: 'low', version: 3 }), 1],
        ['link', () => linkTickets(noc, { id, target: { number: otherNumber }, type: 'relates_to' }), 0],
        ['public comment', () => commentOnTicket(noc, { id, body: 'Mitigated', visibility: 'public' }), 0],
        ['hold', () => transitionTicket(noc, { id, event: { type: 'HOLD', reason: 'customer' } }), 1],
      ];
      let version = 1;
      let seq = 1;
      for (const [name, run, bump] of steps) {
        const before = await ticketRow(db, id);
        world.clock.advance(MINUTE);
        const result = await run();
        const after = await ticketRow(db, id);
        expect(result.version, name).toBe(version + bump);
        expect(after.version, name).toBe(version + bump);
        // Event-only changes leave the row alone, updatedAt included.
        expect(after.updatedAt, name).toEqual(bump ? world.clock.now() : before.updatedAt);
        const events = await eventsOf(db, id);
        expect(events.length, name).toBe(seq + 1);
        expect(events.at(-1)!.occurredAt, name).toEqual(world.clock.now());
        version += bump;
        seq += 1;
      }
      const events = await eventsOf(db, id);
      expect(events.map((e) => e.type)).toEqual([
        'ticket.created',
        'ticket.transitioned',
        'comment.added',
        'ticket.assigned',
        'ticket.priority_changed',
        'link.added',
        'comment.added',
        'ticket.transitioned',
      ]);
      expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      for (const [i, event] of events.entries())
        expect(event.prevHash).toBe(i === 0 ? '0'.repeat(64) : events[i - 1]!.hash);
      expect((await verifyAuditChains(db, { ticketId: id })).firstBreak).toBeNull();
    });

    it('no-op commands write nothing and keep the version', async () => {
      const noc = await world.as('noc@watchfloor.test');
      const { id } = await ticketIn(world, 'outage', 'new', { impact: 'low', urgency: 'low' });
      const before = await databaseFootprint(db);
      expect(await assignTicket(noc, { id, assigneeId: null, version: 1 })).toEqual({
        changed: false,
        version: 1,
      });
      expect(await setTicketPriority(noc, { id, impact: 'low', urgency: 'low', version: 1 })).toEqual({
        priority: 'P4',
        version: 1,
      });
      expect(await databaseFootprint(db)).toEqual(before);
    });

    it('a refused command writes nothing, whatever the reason', async () => {
      const noc = await world.as('noc@watchfloor.test');
      const soc = await world.as('soc@watchfloor.test');
      const customer = await world.as('customer@acme.test');
      const { id } = await ticketIn(world, 'outage', 'investigating');
      const { id: incident, number: incidentNumber } = await ticketIn(world, 'security', 'triage');
      const version = (await ticketRow(db, id)).version;
      const before = await databaseFootprint(db);
      const socId = await userId(world, 'soc@watchfloor.test');
      const refused: [() => Promise<unknown>, ServiceError['code']][] = [
        [() => transitionTicket(noc, { id, event: { type: 'HOLD' } as LifecycleEventInput }), 'BAD_REQUEST'],
        [() => transitionTicket(noc, { id, event: RESOLVE }), 'PRECONDITION_FAILED'],
        [() => transitionTicket(noc, { id, event: { type: 'IDENTIFY' }, version: version - 1 }), 'CONFLICT'],
        [() => transitionTicket(soc, { id, event: { type: 'IDENTIFY' } }), 'FORBIDDEN'],
        [() => transitionTicket(noc, { id: incident, event: { type: 'CONFIRM' } }), 'NOT_FOUND'],
        [() => assignTicket(customer, { id, assigneeId: null }), 'FORBIDDEN'],
        [() => assignTicket(noc, { id, assigneeId: socId }), 'BAD_REQUEST'],
        [() => commentOnTicket(customer, { id, body: 'Any news?' }), 'FORBIDDEN'],
        [
          () => commentOnTicket(soc, { id: incident, body: 'Customer notice', visibility: 'public' }),
          'FORBIDDEN',
        ],
        [
          () => setTicketPriority(noc, { id, impact: 'high', urgency: 'high', version: version - 1 }),
          'CONFLICT',
        ],
        [() => linkTickets(noc, { id, target: { number: incidentNumber }, type: 'relates_to' }), 'NOT_FOUND'],
        [() => linkTickets(noc, { id, target: { id }, type: 'duplicates' }), 'BAD_REQUEST'],
      ];
      for (const [run, code] of refused) await expectServiceError(run(), code);
      expect(await databaseFootprint(db)).toEqual(before);
    });

    it('reads the clock once per command: milestones, updatedAt and the audit event agree', async () => {
      const { id } = await ticketIn(world, 'outage', 'monitoring');
      const { id: other } = await ticketIn(world, 'outage', 'new');
      let tick = world.clock.now().getTime();
      const noc = await world.as('noc@watchfloor.test');
      // A clock that moves on every reading, as a real one does between two calls.
      const ticking: ServiceContext = {
        ...noc,
        now: () => {
          tick += 1000;
          return new Date(tick);
        },
      };
      await transitionTicket(ticking, { id, event: RESOLVE });
      const ticket = await ticketRow(db, id);
      const event = (await eventsOf(db, id)).at(-1)!;
      expect(ticket.resolvedAt).toEqual(ticket.updatedAt);
      expect(event.occurredAt).toEqual(ticket.updatedAt);
      expect((event.payload.changes as { resolvedAt: { to: string } }).resolvedAt.to).toBe(
        ticket.updatedAt.toISOString(),
      );

      await linkTickets(ticking, { id, target: { id: other }, type: 'caused_by' });
      const [link] = await db.select().from(ticketLinks).where(eq(ticketLinks.fromTicketId, id));
      const outgoing = (await eventsOf(db, id)).at(-1)!;
      const incoming = (await eventsOf(db, other)).at(-1)!;
      expect(outgoing.occurredAt).toEqual(link!.createdAt);
      expect(incoming.occurredAt).toEqual(link!.createdAt);
      world.clock.advance(tick - world.clock.now().getTime());
    });

    it('announces committed changes on ticket_changed, and nothing for refused ones or effects alone', async () => {
      const noc = await world.as('noc@watchfloor.test');
      const { id } = await ticketIn(world, 'outage', 'new');
      const { id: quiet } = await ticketIn(world, 'outage', 'new');
      const received: string[] = [];
      let arrived: () => void = () => {};
      const onNotify = (payload: string) => {
        received.push(payload);
        arrived();
      };
      const waitFor = (n: number) =>
        new Promise<void>((resolve) => {
          arrived = () => received.length >= n && resolve();
          arrived();
        });
      let stop: () => Promise<void>;
      if (handle.pglite) {
        stop = await handle.pglite.listen('ticket_changed', onNotify);
      } else {
        const client = await handle.pool!.connect();
        client.on('notification', (message) => onNotify(message.payload ?? ''));
        await client.query('listen ticket_changed');
        stop = async () => {
          await client.query('unlisten ticket_changed');
          client.release();
        };
      }
      try {
        await expectServiceError(transitionTicket(noc, { id, event: RESOLVE }), 'PRECONDITION_FAILED');
        await transitionTicket(noc, { id, event: { type: 'ACK' } });
        // A sweep's bookkeeping (an escalation's next check) changes nothing a reader of the ticket sees.
        await changeTicket(noc, {
          ticketId: quiet,
          authorize: () => {},
          decide: () => ({ events: [], effects: { escalation: { set: { nextCheckAt: null } } }, result: {} }),
        });
        await commentOnTicket(noc, { id, body: 'On it' });
        // Announcements arrive in commit order: had the quiet change been announced, it would be here.
        await waitFor(2);
        expect(received.map((p) => JSON.parse(p))).toEqual([
          { id, version: 2 },
          { id, version: 2 },
        ]);
      } finally {
        await stop();
      }
    });
  });

  describe('allowedActions is exactly what would succeed', () => {
    const scenarios: [string, string, string][] = [
      ...Object.keys(OUTAGE_ROUTES).map((s): [string, string, string] => ['outage', s, '']),
      ...Object.keys(SECURITY_ROUTES).map((s): [string, string, string] => ['security', s, '']),
      ['security', 'triage', 'without a severity'],
    ];
    it.each(scenarios)('%s in %s %s', async (kind, status, variant) => {
      const overrides = variant ? { severity: undefined } : {};
      const { id } = await ticketIn(world, kind as 'outage' | 'security', status, overrides);
      const version = (await ticketRow(db, id)).version;
      const summary: Record<string, string[]> = {};
      for (const email of ACTORS) {
        const ctx = await world.as(email);
        const offered = await settle(allowedActions(ctx, { id }));
        const attempts = await Promise.all(
          Object.entries(FULL_EVENTS).map(async ([type, event]) => {
            const outcome = await tryRolledBack(db, (tx) =>
              transitionTicket({ ...ctx, db: tx }, { id, event }),
            );
            return [type, outcome] as const;
          }),
        );
        if (!offered.ok) {
          // Hidden from this reader: every attempt is hidden too.
          expect(offered.error.code, email).toBe('NOT_FOUND');
          expect(
            attempts.map(([, o]) => (o.ok ? 'ok' : o.error.code)),
            email,
          ).toEqual(attempts.map(() => 'NOT_FOUND'));
          summary[email] = ['NOT_FOUND'];
          continue;
        }
        // The version is internal: a customer's public projection does not carry it.
        expect(offered.value.version).toBe(
          projectionFor(ctx.actor, { kind: kind as 'outage' | 'security' }) === 'full' ? version : null,
        );
        const succeeded = attempts.filter(([, o]) => o.ok).map(([type]) => type);
        expect(offered.value.actions.map((a) => a.type).sort(), email).toEqual(succeeded.sort());
        for (const [type, o] of attempts) {
          if (!o.ok) expect(['FORBIDDEN', 'PRECONDITION_FAILED'], `${email} ${type}`).toContain(o.error.code);
        }
        // `needs` names exactly the payload fields without which the event fails.
        for (const action of offered.value.actions) {
          const full = FULL_EVENTS[action.type]!;
          const bare = await tryRolledBack(db, (tx) =>
            transitionTicket({ ...ctx, db: tx }, { id, event: { type: action.type } as LifecycleEventInput }),
          );
          expect(bare.ok, `${email} ${action.type} bare`).toBe(action.needs.length === 0);
          expect(
            action.needs.every((field) => field in full),
            `${email} ${action.type}`,
          ).toBe(true);
        }
        summary[email] = offered.value.actions
          .map((a) => (a.needs.length ? `${a.type}(${a.needs})` : a.type))
          .sort();
      }
      // Nothing was written by any attempt.
      expect((await ticketRow(db, id)).version).toBe(version);
      // And what the spec says each role may do there (DESIGN §2.3, §2.9).
      expect(summary).toEqual(expectedActions(kind, variant ? 'triage without severity' : status));
    });
  });

  it('keeps every audit chain intact throughout', async () => {
    const result = await verifyAuditChains(db);
    expect(result.firstBreak).toBeNull();
    const events = await db.select({ id: ticketEvents.id }).from(ticketEvents);
    expect(result.eventsChecked).toBe(events.length);
  });
});

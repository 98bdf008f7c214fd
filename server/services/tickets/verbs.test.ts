import { eq, or } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client';
import { ticketLinks, users } from '../../../db/schema';
import { testEngines } from '../../../test/databases';
import { useDemoWorld } from '../../../test/suite';
import {
  databaseFootprint,
  eventsOf,
  expectServiceError,
  incidentInput,
  outageInput,
  RESOLVE,
  ticketIn,
  ticketRow,
  userId,
} from '../../../test/tickets';
import type { DemoWorld } from '../../../test/world';
import { allowedActions } from './allowed-actions';
import { assignTicket } from './assign';
import { commentOnTicket } from './comment';
import { createTicket } from './create';
import { getTicket } from './get';
import { linkTickets } from './link';
import type { LifecycleEventInput } from './schemas';
import { setTicketPriority } from './set-priority';
import { ticketTimeline } from './timeline';
import { transitionTicket } from './transition';

const MISSING = '5d1e8a2c-3f4b-4c6d-9e8f-0a1b2c3d4e5f';
const MINUTE = 60_000;

/** allowedActions as short strings: `HOLD(reason)` for an action that needs a reason. */
async function offered(result: ReturnType<typeof allowedActions>) {
  const { actions } = await result;
  return actions.map((a) => (a.needs.length ? `${a.type}(${a.needs.join(',')})` : a.type)).sort();
}

describe.each(testEngines())('ticket verbs on $engine', ({ open }) => {
  let db: Database;
  let world: DemoWorld;

  useDemoWorld({ open }, (setup) => ({ db, world } = setup));

  describe('transition', () => {
    it('answers BAD_REQUEST with field errors before looking at any ticket', async () => {
      const noc = await world.as('noc@watchfloor.test');
      const { id } = await ticketIn(world, 'outage', 'investigating');
      const { id: incident } = await ticketIn(world, 'security', 'triage');
      const before = await databaseFootprint(db);
      const cases: [unknown, string][] = [
        [{ id: 'OUT-1000', event: { type: 'ACK' } }, 'id'],
        [{ id, event: { type: 'EXPLODE' } }, 'event.type'],
        [{ id, event: { type: 'xstate.stop' } }, 'event.type'],
        [{ id, event: { type: 'HOLD' } }, 'event.reason'],
        [{ id, event: { type: 'HOLD', reason: 'lunch' } }, 'event.reason'],
        [{ id, event: { type: 'ACK' }, version: 0 }, 'version'],
        [{ id, event: { type: 'ACK' }, version: 1.5 }, 'version'],
        [{ id, event: { type: 'REVIEW', rootCause: '   ' } }, 'event.rootCause'],
        [{ id, event: { type: 'CLOSE', lessonsLearned: 'x'.repeat(20_001) } }, 'event.lessonsLearned'],
        [{ id, event: { type: 'CONFIRM', severity: 'catastrophic' } }, 'event.severity'],
        // A confirmed incident is never dismissed, so DISMISS takes only the triage verdicts.
        [
          { id: incident, event: { type: 'DISMISS', resolution: 'true_positive_impact' } },
          'event.resolution',
        ],
      ];
      for (const [input, field] of cases) {
        const error = await expectServiceError(transitionTicket(noc, input as never), 'BAD_REQUEST');
        expect(Object.keys(error.fieldErrors ?? {}), JSON.stringify(input).slice(0, 80)).toContain(field);
      }
      expect(await databaseFootprint(db)).toEqual(before);
    });

    it('answers NOT_FOUND for a missing ticket and for one the actor may not see, even with a stale version', async () => {
      const { id: incident } = await ticketIn(world, 'security', 'triage');
      const { id: outage } = await ticketIn(world, 'outage', 'new');
      const admin = await world.as('admin@watchfloor.test');
      await expectServiceError(transitionTicket(admin, { id: MISSING, event: { type: 'ACK' } }), 'NOT_FOUND');
      for (const email of ['noc@watchfloor.test', 'customer@acme.test', 'customer@globex.test'] as const) {
        const ctx = await world.as(email);
        await expectServiceError(
          transitionTicket(ctx, { id: incident, event: { type: 'CONFIRM' }, version: 42 }),
          'NOT_FOUND',
          'Ticket not found',
        );
      }
      // Another customer's outage is as invisible as a security incident.
      await expectServiceError(
        transitionTicket(await world.as('customer@globex.test'), { id: outage, event: { type: 'ACK' } }),
        'NOT_FOUND',
      );
    });

    it('answers FORBIDDEN when the actor may see the ticket but not work it, before checking the version', async () => {
      const { id: outage } = await ticketIn(world, 'outage', 'new');
      const { id: incident } = await ticketIn(world, 'security', 'triage');
      const soc = await world.as('soc@watchfloor.test');
      await expectServiceError(
        transitionTicket(soc, { id: outage, event: { type: 'ACK' }, version: 1 }),
        'FORBIDDEN',
        'Your role cannot ACK this ticket',
      );
      await expectServiceError(
        transitionTicket(soc, { id: outage, event: { type: 'ACK' }, version: 7 }),
        'FORBIDDEN',
      );
      await expectServiceError(
        transitionTicket(await world.as('customer@acme.test'), { id: outage, event: { type: 'ACK' } }),
        'FORBIDDEN',
      );
      // Managers see security incidents but do not work them.
      await expectServiceError(
        transitionTicket(await world.as('manager@watchfloor.test'), {
          id: incident,
          event: { type: 'CONFIRM' },
        }),
        'FORBIDDEN',
        'Your role cannot CONFIRM this ticket',
      );
      expect((await ticketRow(db, outage)).version).toBe(1);
    });

    it('answers CONFLICT for a stale or unknown version, before asking the machine', async () => {
      const noc = await world.as('noc@watchfloor.test');
      const admin = await world.as('admin@watchfloor.test');
      const { id } = await createTicket(noc, outageInput(world));
      expect(await transitionTicket(admin, { id, event: { type: 'ACK' }, version: 1 })).toEqual({
        status: 'acknowledged',
        version: 2,
      });
      await expectServiceError(
        transitionTicket(noc, { id, event: { type: 'ACK' }, version: 1 }),
        'CONFLICT',
        'ticket changed since you loaded it',
      );
      // Even an event the machine would refuse: the user's view is stale first.
      await expectServiceError(
        transitionTicket(noc, { id, event: { type: 'CLOSE' }, version: 1 }),
        'CONFLICT',
      );
      await expectServiceError(
        transitionTicket(noc, { id, event: { type: 'INVESTIGATE' }, version: 3 }),
        'CONFLICT',
      );
      expect(await transitionTicket(noc, { id, event: { type: 'INVESTIGATE' }, version: 2 })).toEqual({
        status: 'investigating',
        version: 3,
      });
    });

    it('answers PRECONDITION_FAILED naming the event and the state', async () => {
      const noc = await world.as('noc@watchfloor.test');
      const soc = await world.as('soc@watchfloor.test');
      const cases: [string, string, LifecycleEventInput, string][] = [
        ['outage', 'new', RESOLVE, 'cannot RESOLVE while new'],
        ['outage', 'new', { type: 'CONFIRM', severity: 'low' }, 'cannot CONFIRM while new'],
        ['outage', 'acknowledged', { type: 'ACK' }, 'cannot ACK while acknowledged'],
        ['outage', 'investigating', { type: 'RESUME' }, 'cannot RESUME while investigating'],
        ['outage', 'resolved', { type: 'HOLD', reason: 'vendor' }, 'cannot HOLD while resolved'],
        ['outage', 'on_hold', { type: 'FIX' }, 'cannot FIX while on_hold'],
        ['outage', 'closed', { type: 'REOPEN' }, 'cannot REOPEN while closed'],
        ['security', 'triage', { type: 'CLOSE', lessonsLearned: 'n/a' }, 'cannot CLOSE while triage'],
        ['security', 'triage', { type: 'ACK' }, 'cannot ACK while triage'],
        [
          'security',
          'investigating',
          { type: 'DISMISS', resolution: 'benign' },
          'cannot DISMISS while investigating',
        ],
        ['security', 'containment', { type: 'REOPEN' }, 'cannot REOPEN while containment'],
      ];
      for (const [kind, status, event, message] of cases) {
        const { id } = await ticketIn(world, kind as 'outage' | 'security', status);
        const before = await ticketRow(db, id);
        const error = await expectServiceError(
          transitionTicket(kind === 'outage' ? noc : soc, { id, event, version: before.version }),
          'PRECONDITION_FAILED',
        );
        expect(error.message).toBe(message);
        expect(await ticketRow(db, id)).toEqual(before);
      }
    });

    it('names what a guard is missing', async () => {
      const soc = await world.as('soc@watchfloor.test');
      const { id: unrated } = await ticketIn(world, 'security', 'triage', { severity: undefined });
      await expectServiceError(
        transitionTicket(soc, { id: unrated, event: { type: 'CONFIRM' } }),
        'PRECONDITION_FAILED',
        'CONFIRM needs a severity',
      );
      const { id: recovery } = await ticketIn(world, 'security', 'recovery');
      await expectServiceError(
        transitionTicket(soc, { id: recovery, event: { type: 'REVIEW' } }),
        'PRECONDITION_FAILED',
        'REVIEW needs a root-cause summary',
      );
      const { id: review } = await ticketIn(world, 'security', 'post_incident');
      await expectServiceError(
        transitionTicket(soc, { id: review, event: { type: 'CLOSE' } }),
        'PRECONDITION_FAILED',
        'CLOSE needs lessons learned',
      );
      const { id: closed } = await ticketIn(world, 'security', 'closed');
      await expectServiceError(
        transitionTicket(soc, { id: closed, event: { type: 'REOPEN' } }),
        'PRECONDITION_FAILED',
        'REOPEN needs a manager or admin',
      );
      const manager = await world.as('manager@watchfloor.test');
      expect(await transitionTicket(manager, { id: closed, event: { type: 'REOPEN' } })).toMatchObject({
        status: 'investigating',
      });
      // The manager's reopening right covers nothing else on a security incident.
      await expectServiceError(
        transitionTicket(manager, { id: closed, event: { type: 'CONTAIN' } }),
        'FORBIDDEN',
      );
      const [reopened] = (await eventsOf(db, closed)).slice(-1);
      expect(reopened).toMatchObject({
        actorLabel: 'manager@watchfloor.test',
        payload: { event: { type: 'REOPEN' } },
      });
      // The actor's role is never taken from the request.
      const forged = { type: 'REOPEN', actorRole: 'admin' } as LifecycleEventInput;
      const { id: closedAgain } = await ticketIn(world, 'security', 'dismissed');
      await expectServiceError(
        transitionTicket(soc, { id: closedAgain, event: forged }),
        'PRECONDITION_FAILED',
        'REOPEN needs a manager or admin',
      );
    });
  });

  describe('assign', () => {
    it('assigns to an active colleague who works the ticket kind, and back to nobody', async () => {
      const noc = await world.as('noc@watchfloor.test');
      const nocUser = { id: await userId(world, 'noc@watchfloor.test') };
      const { id } = await ticketIn(world, 'outage', 'new');
      expect(await assignTicket(noc, { id, assigneeId: nocUser.id, version: 1 })).toEqual({
        changed: true,
        version: 2,
      });
      expect((await getTicket(noc, { id })).assignee).toEqual({ id: nocUser.id, name: 'Nico NOC' });
      expect((await eventsOf(db, id)).at(-1)).toMatchObject({
        type: 'ticket.assigned',
        payload: { from: null, to: nocUser.id, toEmail: 'noc@watchfloor.test' },
      });
      // Assigning the current assignee again changes nothing.
      const before = await databaseFootprint(db);
      expect(await assignTicket(noc, { id, assigneeId: nocUser.id, version: 2 })).toEqual({
        changed: false,
        version: 2,
      });
      expect(await databaseFootprint(db)).toEqual(before);

      const admin = { id: await userId(world, 'admin@watchfloor.test') };
      expect(await assignTicket(noc, { id, assigneeId: admin.id })).toEqual({ changed: true, version: 3 });
      expect(await assignTicket(noc, { id, assigneeId: null, version: 3 })).toEqual({
        changed: true,
        version: 4,
      });
      expect((await getTicket(noc, { id })).assignee).toBeNull();
      expect((await eventsOf(db, id)).at(-1)!.payload).toEqual({ from: admin.id, to: null, toEmail: null });

      const soc = await world.as('soc@watchfloor.test');
      const { id: incident } = await ticketIn(world, 'security', 'triage');
      const socUser = { id: await userId(world, 'soc@watchfloor.test') };
      expect(await assignTicket(soc, { id: incident, assigneeId: socUser.id })).toEqual({
        changed: true,
        version: 2,
      });
    });

    it('refuses assignees who cannot work the ticket with a field error', async () => {
      const noc = await world.as('noc@watchfloor.test');
      const soc = await world.as('soc@watchfloor.test');
      const { id } = await ticketIn(world, 'outage', 'new');
      const { id: incident } = await ticketIn(world, 'security', 'triage');
      const [retired] = await db
        .insert(users)
        .values({
          email: 'retired-noc@watchfloor.test',
          name: 'Retired NOC',
          role: 'noc_engineer',
          organisationId: world.org('watchfloor').id,
          active: false,
        })
        .returning({ id: users.id });
      const before = await databaseFootprint(db);
      const cannotWork = 'Choose an active colleague who works these tickets';
      // Someone who would not read the ticket in full is told so (the read rule of access.ts).
      const cannotSee = 'This person may not see all of this ticket; choose a colleague who can';
      const cases: [typeof noc, string, string, string][] = [
        [noc, id, await userId(world, 'soc@watchfloor.test'), cannotWork],
        [noc, id, await userId(world, 'customer@acme.test'), cannotSee],
        [noc, id, retired!.id, cannotWork],
        [noc, id, MISSING, cannotWork],
        [soc, incident, await userId(world, 'noc@watchfloor.test'), cannotSee],
        [soc, incident, await userId(world, 'manager@watchfloor.test'), cannotWork],
      ];
      for (const [ctx, ticketId, assigneeId, message] of cases) {
        const error = await expectServiceError(
          assignTicket(ctx, { id: ticketId, assigneeId }),
          'BAD_REQUEST',
        );
        expect(error.fieldErrors).toEqual({ assigneeId: [message] });
      }
      const malformed = await expectServiceError(assignTicket(noc, { id, assigneeId: 'noc' }), 'BAD_REQUEST');
      expect(Object.keys(malformed.fieldErrors ?? {})).toEqual(['assigneeId']);
      expect(await databaseFootprint(db)).toEqual(before);
    });

    it('answers FORBIDDEN, NOT_FOUND and CONFLICT like every other verb', async () => {
      const { id } = await ticketIn(world, 'outage', 'new');
      const { id: incident } = await ticketIn(world, 'security', 'triage');
      const nocUser = { id: await userId(world, 'noc@watchfloor.test') };
      await expectServiceError(
        assignTicket(await world.as('soc@watchfloor.test'), { id, assigneeId: null }),
        'FORBIDDEN',
      );
      await expectServiceError(
        assignTicket(await world.as('customer@acme.test'), { id, assigneeId: nocUser.id }),
        'FORBIDDEN',
      );
      const noc = await world.as('noc@watchfloor.test');
      await expectServiceError(assignTicket(noc, { id: incident, assigneeId: nocUser.id }), 'NOT_FOUND');
      await expectServiceError(assignTicket(noc, { id: MISSING, assigneeId: null }), 'NOT_FOUND');
      await expectServiceError(assignTicket(noc, { id, assigneeId: nocUser.id, version: 2 }), 'CONFLICT');
      expect((await ticketRow(db, id)).assigneeId).toBeNull();
    });
  });

  describe('comment', () => {
    it('adds internal and public comments without bumping the version or touching the row', async () => {
      const noc = await world.as('noc@watchfloor.test');
      const { id } = await ticketIn(world, 'outage', 'investigating');
      const before = await ticketRow(db, id);
      world.clock.advance(MINUTE);
      expect(await commentOnTicket(noc, { id, body: '  Vendor case 4411 opened  ' })).toEqual({
        version: before.version,
      });
      expect(await commentOnTicket(noc, { id, body: 'We are investigating.', visibility: 'public' })).toEqual(
        {
          version: before.version,
        },
      );
      // SOC analysts comment on outages though they may not work them.
      await commentOnTicket(await world.as('soc@watchfloor.test'), { id, body: 'No IOC matches so far' });
      // Only the audit chain's head moves (three events on); nothing a person edits changes.
      const { eventSeq, eventHash, ...after } = await ticketRow(db, id);
      const { eventSeq: seqBefore, eventHash: _hashBefore, ...unchanged } = before;
      expect(after).toEqual(unchanged);
      expect(eventSeq).toBe(seqBefore + 3);
      expect(eventHash).toBe((await eventsOf(db, id)).at(-1)!.hash);
      expect((await eventsOf(db, id)).slice(-3).map((e) => [e.type, e.actorLabel, e.payload])).toEqual([
        ['comment.added', 'noc@watchfloor.test', { body: 'Vendor case 4411 opened', visibility: 'internal' }],
        ['comment.added', 'noc@watchfloor.test', { body: 'We are investigating.', visibility: 'public' }],
        ['comment.added', 'soc@watchfloor.test', { body: 'No IOC matches so far', visibility: 'internal' }],
      ]);
    });

    it('refuses who may not comment, public comments on security incidents, and bad bodies', async () => {
      const { id } = await ticketIn(world, 'outage', 'new');
      const { id: incident } = await ticketIn(world, 'security', 'investigating');
      const before = await databaseFootprint(db);
      await expectServiceError(
        commentOnTicket(await world.as('customer@acme.test'), { id, body: 'Any news?' }),
        'FORBIDDEN',
        // A customer's comment is public (the portal's conversation), never an internal note.
        'Customers add public comments only',
      );
      await expectServiceError(
        commentOnTicket(await world.as('customer@globex.test'), { id, body: 'Hello?' }),
        'NOT_FOUND',
      );
      await expectServiceError(
        commentOnTicket(await world.as('noc@watchfloor.test'), { id: incident, body: 'Seen this?' }),
        'NOT_FOUND',
      );
      await expectServiceError(
        commentOnTicket(await world.as('manager@watchfloor.test'), { id: incident, body: 'Status?' }),
        'FORBIDDEN',
      );
      const soc = await world.as('soc@watchfloor.test');
      await expectServiceError(
        commentOnTicket(soc, { id: incident, body: 'Customers: rotate passwords', visibility: 'public' }),
        'FORBIDDEN',
        'published notice',
      );
      const cases: [unknown, string][] = [
        [{ id, body: '   ' }, 'body'],
        [{ id, body: 'x'.repeat(20_001) }, 'body'],
        [{ id, body: 'ok', visibility: 'team' }, 'visibility'],
        [{ id: 'nope', body: 'ok' }, 'id'],
      ];
      for (const [input, field] of cases) {
        const error = await expectServiceError(commentOnTicket(soc, input as never), 'BAD_REQUEST');
        expect(Object.keys(error.fieldErrors ?? {})).toEqual([field]);
      }
      expect(await databaseFootprint(db)).toEqual(before);
    });

    it('answers BAD_REQUEST, not a database error, for text PostgreSQL cannot store', async () => {
      const noc = await world.as('noc@watchfloor.test');
      const { id } = await ticketIn(world, 'outage', 'new');
      const { id: recovery } = await ticketIn(world, 'security', 'recovery');
      const before = await databaseFootprint(db);
      for (const body of ['log line \u0000 with a NUL', 'half a surrogate \ud800 pair']) {
        const error = await expectServiceError(commentOnTicket(noc, { id, body }), 'BAD_REQUEST');
        expect(Object.keys(error.fieldErrors ?? {})).toEqual(['body']);
      }
      const title = await expectServiceError(
        createTicket(noc, outageInput(world, { title: 'Router\u0000 down' })),
        'BAD_REQUEST',
      );
      expect(Object.keys(title.fieldErrors ?? {})).toEqual(['title']);
      const rootCause = await expectServiceError(
        transitionTicket(await world.as('soc@watchfloor.test'), {
          id: recovery,
          event: { type: 'REVIEW', rootCause: 'bad \udfff byte' },
        }),
        'BAD_REQUEST',
      );
      expect(Object.keys(rootCause.fieldErrors ?? {})).toEqual(['event.rootCause']);
      expect(await databaseFootprint(db)).toEqual(before);
      // Everything else Unicode is fine, emoji included.
      await commentOnTicket(noc, { id, body: 'Störung behoben ✅ — 障害' });
      expect((await eventsOf(db, id)).at(-1)!.payload.body).toBe('Störung behoben ✅ — 障害');
    });
  });

  describe('setPriority', () => {
    it('follows the impact × urgency matrix and audits old → new', async () => {
      const manager = await world.as('manager@watchfloor.test');
      const { id } = await ticketIn(world, 'outage', 'new', { impact: 'high', urgency: 'medium' });
      expect((await ticketRow(db, id)).priority).toBe('P2');
      expect(await setTicketPriority(manager, { id, impact: 'low', urgency: 'low', version: 1 })).toEqual({
        priority: 'P4',
        version: 2,
      });
      expect(await ticketRow(db, id)).toMatchObject({
        impact: 'low',
        urgency: 'low',
        priority: 'P4',
        priorityOverrideReason: null,
      });
      expect((await eventsOf(db, id)).at(-1)).toMatchObject({
        type: 'ticket.priority_changed',
        payload: {
          matrix: 'P4',
          changes: {
            impact: { from: 'high', to: 'low' },
            urgency: { from: 'medium', to: 'low' },
            priority: { from: 'P2', to: 'P4' },
          },
        },
      });
    });

    it('overrides the matrix only with a reason, and drops the reason when the matrix applies again', async () => {
      const noc = await world.as('noc@watchfloor.test');
      const { id } = await ticketIn(world, 'outage', 'new', { impact: 'low', urgency: 'low' });
      const missing = await expectServiceError(
        setTicketPriority(noc, { id, impact: 'low', urgency: 'low', priority: 'P1' }),
        'BAD_REQUEST',
      );
      expect(missing.fieldErrors).toEqual({ reason: ['Say why the priority differs from impact × urgency'] });
      await expectServiceError(
        setTicketPriority(noc, { id, impact: 'low', urgency: 'low', priority: 'P1', reason: '   ' }),
        'BAD_REQUEST',
      );
      await expectServiceError(
        setTicketPriority(noc, { id, impact: 'severe' as never, urgency: 'low' }),
        'BAD_REQUEST',
      );
      expect((await ticketRow(db, id)).version).toBe(1);

      expect(
        await setTicketPriority(noc, {
          id,
          impact: 'low',
          urgency: 'low',
          priority: 'P1',
          reason: 'CEO demo at 10:00',
        }),
      ).toEqual({ priority: 'P1', version: 2 });
      expect(await ticketRow(db, id)).toMatchObject({
        priority: 'P1',
        priorityOverrideReason: 'CEO demo at 10:00',
      });
      // Naming the matrix priority is no override and needs no reason.
      expect(await setTicketPriority(noc, { id, impact: 'high', urgency: 'high', priority: 'P1' })).toEqual({
        priority: 'P1',
        version: 3,
      });
      expect(await ticketRow(db, id)).toMatchObject({
        priority: 'P1',
        priorityOverrideReason: null,
        impact: 'high',
      });
      // Unchanged input writes nothing.
      const before = await databaseFootprint(db);
      expect(await setTicketPriority(noc, { id, impact: 'high', urgency: 'high', version: 3 })).toEqual({
        priority: 'P1',
        version: 3,
      });
      expect(await databaseFootprint(db)).toEqual(before);
    });

    it('is for those who work the ticket', async () => {
      const { id } = await ticketIn(world, 'outage', 'new');
      const { id: incident } = await ticketIn(world, 'security', 'triage');
      const input = { impact: 'low', urgency: 'low' } as const;
      await expectServiceError(
        setTicketPriority(await world.as('soc@watchfloor.test'), { id, ...input }),
        'FORBIDDEN',
      );
      await expectServiceError(
        setTicketPriority(await world.as('customer@acme.test'), { id, ...input }),
        'FORBIDDEN',
      );
      await expectServiceError(
        setTicketPriority(await world.as('noc@watchfloor.test'), { id: incident, ...input }),
        'NOT_FOUND',
      );
      await expectServiceError(
        setTicketPriority(await world.as('noc@watchfloor.test'), { id, ...input, version: 5 }),
        'CONFLICT',
      );
      expect(
        await setTicketPriority(await world.as('soc@watchfloor.test'), {
          id: incident,
          ...input,
          version: 1,
        }),
      ).toEqual({ priority: 'P4', version: 2 });
    });
  });

  describe('link', () => {
    it('links two tickets by number or id, recorded on both timelines, without bumping versions', async () => {
      const noc = await world.as('noc@watchfloor.test');
      const a = await ticketIn(world, 'outage', 'investigating');
      const b = await ticketIn(world, 'outage', 'new');
      const [versionA, versionB] = [(await ticketRow(db, a.id)).version, (await ticketRow(db, b.id)).version];
      world.clock.advance(MINUTE);
      expect(
        await linkTickets(noc, { id: a.id, target: { number: b.number.toLowerCase() }, type: 'duplicates' }),
      ).toEqual({ linked: true, version: versionA });
      expect((await eventsOf(db, a.id)).at(-1)).toMatchObject({
        type: 'link.added',
        occurredAt: world.clock.now(),
        payload: { direction: 'outgoing', type: 'duplicates', ticket: b.number },
      });
      expect((await eventsOf(db, b.id)).at(-1)).toMatchObject({
        type: 'link.added',
        actorLabel: 'noc@watchfloor.test',
        payload: { direction: 'incoming', type: 'duplicates', ticket: a.number },
      });
      expect((await ticketRow(db, a.id)).version).toBe(versionA);
      expect((await ticketRow(db, b.id)).version).toBe(versionB);
      const rows = await db
        .select()
        .from(ticketLinks)
        .where(or(eq(ticketLinks.fromTicketId, a.id), eq(ticketLinks.toTicketId, a.id)));
      expect(rows).toEqual([
        {
          fromTicketId: a.id,
          toTicketId: b.id,
          type: 'duplicates',
          createdAt: world.clock.now(),
          createdById: await userId(world, 'noc@watchfloor.test'),
        },
      ]);

      // The same link again is a no-op; another type is another link.
      const before = await databaseFootprint(db);
      expect(await linkTickets(noc, { id: a.id, target: { id: b.id }, type: 'duplicates' })).toEqual({
        linked: false,
        version: versionA,
      });
      expect(await databaseFootprint(db)).toEqual(before);
      expect(await linkTickets(noc, { id: a.id, target: { id: b.id }, type: 'caused_by' })).toMatchObject({
        linked: true,
      });
    });

    it('links a security incident to an outage for the SOC, never the other way for the NOC', async () => {
      const outage = await ticketIn(world, 'outage', 'investigating');
      const incident = await ticketIn(world, 'security', 'investigating');
      const spare = await ticketIn(world, 'outage', 'new');
      const soc = await world.as('soc@watchfloor.test');
      expect(
        await linkTickets(soc, { id: incident.id, target: { number: outage.number }, type: 'relates_to' }),
      ).toMatchObject({ linked: true });
      const before = await databaseFootprint(db);
      // A target the actor may not see answers like one that does not exist.
      const noc = await world.as('noc@watchfloor.test');
      const hidden = await expectServiceError(
        linkTickets(noc, { id: outage.id, target: { number: incident.number }, type: 'relates_to' }),
        'NOT_FOUND',
      );
      const missing = await expectServiceError(
        linkTickets(noc, { id: outage.id, target: { number: 'SEC-999999' }, type: 'relates_to' }),
        'NOT_FOUND',
      );
      expect(hidden.message).toBe(missing.message);
      await expectServiceError(
        linkTickets(noc, { id: outage.id, target: { id: incident.id }, type: 'relates_to' }),
        'NOT_FOUND',
      );
      await expectServiceError(
        linkTickets(noc, { id: incident.id, target: { id: outage.id }, type: 'relates_to' }),
        'NOT_FOUND',
      );
      await expectServiceError(
        linkTickets(soc, { id: outage.id, target: { id: incident.id }, type: 'relates_to' }),
        'FORBIDDEN',
      );
      await expectServiceError(
        linkTickets(await world.as('customer@acme.test'), {
          id: outage.id,
          target: { id: spare.id },
          type: 'relates_to',
        }),
        'FORBIDDEN',
      );
      const self = await expectServiceError(
        linkTickets(noc, { id: outage.id, target: { number: outage.number }, type: 'relates_to' }),
        'BAD_REQUEST',
      );
      expect(self.message).toBe('A ticket cannot link to itself');
      const badType = await expectServiceError(
        linkTickets(noc, { id: outage.id, target: { id: incident.id }, type: 'handoff' as never }),
        'BAD_REQUEST',
      );
      expect(Object.keys(badType.fieldErrors ?? {})).toEqual(['type']);
      await expectServiceError(
        linkTickets(noc, { id: outage.id, target: { number: 'OUT-0' }, type: 'relates_to' }),
        'BAD_REQUEST',
      );
      await expectServiceError(
        linkTickets(noc, { id: MISSING, target: { id: outage.id }, type: 'relates_to' }),
        'NOT_FOUND',
      );
      expect(await databaseFootprint(db)).toEqual(before);
    });
  });

  describe('allowedActions', () => {
    it('offers the events the machine accepts now, for those who may work the ticket', async () => {
      const noc = await world.as('noc@watchfloor.test');
      const { id } = await ticketIn(world, 'outage', 'new');
      expect(await allowedActions(noc, { id })).toEqual({
        version: 1,
        actions: expect.arrayContaining([
          { type: 'ACK', needs: [] },
          { type: 'HOLD', needs: ['reason'] },
        ]),
      });
      expect(await offered(allowedActions(noc, { id }))).toEqual(['ACK', 'HOLD(reason)']);
      await transitionTicket(noc, { id, event: { type: 'ACK' } });
      expect(await allowedActions(noc, { id })).toMatchObject({ version: 2 });
      expect(await offered(allowedActions(noc, { id }))).toEqual(['HOLD(reason)', 'INVESTIGATE']);
      expect(await offered(allowedActions(await world.as('soc@watchfloor.test'), { id }))).toEqual([]);
      expect(await offered(allowedActions(await world.as('customer@acme.test'), { id }))).toEqual([]);
      await expectServiceError(allowedActions(await world.as('customer@globex.test'), { id }), 'NOT_FOUND');
      await expectServiceError(allowedActions(noc, { id: MISSING }), 'NOT_FOUND');
      await expectServiceError(allowedActions(noc, { id: 'OUT-1' } as never), 'BAD_REQUEST');
      expect(await allowedActions(world.system, { id })).toEqual({ version: 2, actions: [] });
    });

    it('asks for the payload the machine still lacks', async () => {
      const soc = await world.as('soc@watchfloor.test');
      const rated = await ticketIn(world, 'security', 'triage');
      const unrated = await ticketIn(world, 'security', 'triage', { severity: undefined });
      expect(await offered(allowedActions(soc, { id: rated.id }))).toEqual([
        'CONFIRM',
        'DISMISS(resolution)',
      ]);
      expect(await offered(allowedActions(soc, { id: unrated.id }))).toEqual([
        'CONFIRM(severity)',
        'DISMISS(resolution)',
      ]);
      const recovery = await ticketIn(world, 'security', 'recovery');
      expect(await offered(allowedActions(soc, { id: recovery.id }))).toEqual(['REVIEW(rootCause)']);
      const review = await ticketIn(world, 'security', 'post_incident');
      expect(await offered(allowedActions(soc, { id: review.id }))).toEqual(['CLOSE(lessonsLearned)']);
    });

    it('offers REOPEN of a closed security incident to managers and admins only', async () => {
      const { id } = await ticketIn(world, 'security', 'closed');
      expect(await offered(allowedActions(await world.as('soc@watchfloor.test'), { id }))).toEqual([]);
      expect(await offered(allowedActions(await world.as('manager@watchfloor.test'), { id }))).toEqual([
        'REOPEN',
      ]);
      expect(await offered(allowedActions(await world.as('admin@watchfloor.test'), { id }))).toEqual([
        'REOPEN',
      ]);
      await expectServiceError(allowedActions(await world.as('noc@watchfloor.test'), { id }), 'NOT_FOUND');
      await expectServiceError(allowedActions(await world.as('customer@acme.test'), { id }), 'NOT_FOUND');
    });
  });

  describe('timeline', () => {
    it('shows staff everything and customers of the owning organisation only the public story', async () => {
      const noc = await world.as('noc@watchfloor.test');
      const manager = await world.as('manager@watchfloor.test');
      const soc = await world.as('soc@watchfloor.test');
      const other = await ticketIn(world, 'outage', 'new');
      const { id, number } = await createTicket(
        noc,
        outageInput(world, { description: 'Suspect optic on xe-0/0/3' }),
      );
      const at: Date[] = [world.clock.now()];
      const step = async (run: () => Promise<unknown>) => {
        world.clock.advance(MINUTE);
        at.push(world.clock.now());
        await run();
      };
      await step(() => transitionTicket(noc, { id, event: { type: 'ACK' } }));
      await step(() => commentOnTicket(noc, { id, body: 'Vendor case 4411: RMA for the optic' }));
      await step(() =>
        commentOnTicket(noc, { id, body: 'We are investigating slow page loads.', visibility: 'public' }),
      );
      await step(async () =>
        assignTicket(noc, { id, assigneeId: await userId(world, 'noc@watchfloor.test') }),
      );
      await step(() => setTicketPriority(manager, { id, impact: 'high', urgency: 'high' }));
      await step(() => linkTickets(noc, { id, target: { id: other.id }, type: 'relates_to' }));
      await step(() => transitionTicket(noc, { id, event: { type: 'INVESTIGATE' } }));
      await step(() => transitionTicket(noc, { id, event: { type: 'HOLD', reason: 'vendor' } }));
      await step(() => commentOnTicket(soc, { id, body: 'IOC sweep clean' }));

      const staff = await ticketTimeline(noc, { id });
      expect(staff.map((e) => [e.seq, e.type, e.actor, e.at])).toEqual([
        [1, 'ticket.created', 'Nico NOC', at[0]],
        [2, 'ticket.transitioned', 'Nico NOC', at[1]],
        [3, 'comment.added', 'Nico NOC', at[2]],
        [4, 'comment.added', 'Nico NOC', at[3]],
        [5, 'ticket.assigned', 'Nico NOC', at[4]],
        [6, 'ticket.priority_changed', 'Morgan Manager', at[5]],
        [7, 'link.added', 'Nico NOC', at[6]],
        [8, 'ticket.transitioned', 'Nico NOC', at[7]],
        [9, 'ticket.transitioned', 'Nico NOC', at[8]],
        [10, 'comment.added', 'Sasha SOC', at[9]],
      ]);
      expect(staff[2]!.payload).toEqual({
        body: 'Vendor case 4411: RMA for the optic',
        visibility: 'internal',
      });
      expect(staff[0]!.payload).toMatchObject({ number, description: 'Suspect optic on xe-0/0/3' });
      for (const email of [
        'admin@watchfloor.test',
        'manager@watchfloor.test',
        'soc@watchfloor.test',
      ] as const) {
        expect(await ticketTimeline(await world.as(email), { id })).toEqual(staff);
      }

      const customer = await ticketTimeline(await world.as('customer@acme.test'), { id });
      expect(customer).toEqual([
        { seq: 1, type: 'ticket.created', at: at[0], actor: 'Support team', payload: { status: 'new' } },
        {
          seq: 2,
          type: 'ticket.transitioned',
          at: at[1],
          actor: 'Support team',
          payload: { from: 'new', to: 'acknowledged' },
        },
        {
          seq: 3,
          type: 'comment.added',
          at: at[3],
          actor: 'Support team',
          payload: { body: 'We are investigating slow page loads.' },
        },
        {
          seq: 4,
          type: 'ticket.transitioned',
          at: at[7],
          actor: 'Support team',
          payload: { from: 'acknowledged', to: 'investigating' },
        },
        {
          seq: 5,
          type: 'ticket.transitioned',
          at: at[8],
          actor: 'Support team',
          payload: { from: 'investigating', to: 'on_hold' },
        },
      ]);
      const leaked = JSON.stringify(customer);
      for (const secret of ['Vendor case', 'IOC', 'optic', '@watchfloor.test', 'vendor', 'P1', 'internal'])
        expect(leaked).not.toContain(secret);

      await expectServiceError(ticketTimeline(await world.as('customer@globex.test'), { id }), 'NOT_FOUND');
      await expectServiceError(ticketTimeline(noc, { id: MISSING }), 'NOT_FOUND');
      await expectServiceError(ticketTimeline(noc, { id: 'nope' }), 'BAD_REQUEST');
    });

    it('keeps security timelines from the NOC and customers', async () => {
      const soc = await world.as('soc@watchfloor.test');
      const { id } = await createTicket(soc, incidentInput(world));
      await commentOnTicket(soc, { id, body: 'Pulled sign-in logs' });
      expect((await ticketTimeline(soc, { id })).map((e) => e.type)).toEqual([
        'ticket.created',
        'comment.added',
      ]);
      expect(await ticketTimeline(await world.as('manager@watchfloor.test'), { id })).toHaveLength(2);
      for (const email of ['noc@watchfloor.test', 'customer@acme.test'] as const)
        await expectServiceError(ticketTimeline(await world.as(email), { id }), 'NOT_FOUND');
    });
  });
});

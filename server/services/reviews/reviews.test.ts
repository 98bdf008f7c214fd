import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client';
import { notifications, postIncidentReviews, reviewFollowUps, users } from '../../../db/schema';
import { testEngines } from '../../../test/databases';
import { useDemoWorld } from '../../../test/suite';
import {
  drive,
  eventsOf,
  expectServiceError,
  incidentInput,
  ticketIn,
  ticketRow,
  userId,
} from '../../../test/tickets';
import type { DemoWorld } from '../../../test/world';
import { verifyAuditChains } from '../audit/verify';
import type { ServiceContext } from '../kernel/context';
import { sqlState } from '../kernel/db-errors';
import { commentOnTicket } from '../tickets/comment';
import { createTicket } from '../tickets/create';
import { addFollowUp } from './add-follow-up';
import { completeFollowUp } from './complete-follow-up';
import { getReview } from './get';
import { publishReview } from './publish';
import { saveReviewDraft } from './save-draft';

const MINUTE = 60_000;
const MISSING = '5d1e8a2c-3f4b-4c6d-9e8f-0a1b2c3d4e5f';
const DRAFT = {
  impact: 'Acme website unreachable for 38 minutes for all visitors.',
  rootCause: 'A route-map typo withdrew the /24 from both transits.',
  wentWell: 'Paged within 2 minutes.',
  toImprove: 'Peer review for route-map changes.',
};

/** The SQLSTATE a statement fails with (undefined: it succeeded). */
async function refusal(statement: Promise<unknown>): Promise<string | undefined> {
  try {
    await statement;
    return undefined;
  } catch (error) {
    return sqlState(error);
  }
}

describe.each(testEngines())('post-incident reviews on $engine', ({ open }) => {
  let db: Database;
  let world: DemoWorld;
  let noc: ServiceContext;
  let manager: ServiceContext;
  let admin: ServiceContext;
  let soc: ServiceContext;
  let customer: ServiceContext;
  let otherCustomer: ServiceContext;

  // SLA clocks on: the review's timeline reports their outcome.
  useDemoWorld({ open, sla: true }, async (setup) => {
    ({ db, world } = setup);
    noc = await world.as('noc@watchfloor.test');
    manager = await world.as('manager@watchfloor.test');
    admin = await world.as('admin@watchfloor.test');
    soc = await world.as('soc@watchfloor.test');
    customer = await world.as('customer@acme.test');
    otherCustomer = await world.as('customer@globex.test');
  });

  const resolvedOutage = async () => (await ticketIn(world, 'outage', 'resolved')).id;
  const today = () => world.clock.now().toISOString().slice(0, 10);
  const inDays = (days: number) =>
    new Date(world.clock.now().getTime() + days * 86_400_000).toISOString().slice(0, 10);
  const reviewRow = async (ticketId: string) =>
    (await db.select().from(postIncidentReviews).where(eq(postIncidentReviews.ticketId, ticketId)))[0];

  describe('lifecycle', () => {
    it('is written only once the outage is resolved or closed, and only for outages', async () => {
      for (const status of ['new', 'investigating', 'monitoring', 'on_hold']) {
        const { id } = await ticketIn(world, 'outage', status);
        await expectServiceError(
          saveReviewDraft(noc, { id, ...DRAFT }),
          'PRECONDITION_FAILED',
          'reviewed once it is resolved or closed',
        );
        expect(await reviewRow(id)).toBeUndefined();
      }
      for (const status of ['resolved', 'closed']) {
        const { id } = await ticketIn(world, 'outage', status);
        const saved = await saveReviewDraft(noc, { id, ...DRAFT });
        expect(saved.revision).toBe(1);
        expect((await reviewRow(id))?.status).toBe('draft');
      }
      const incident = await ticketIn(world, 'security', 'closed');
      await expectServiceError(
        saveReviewDraft(admin, { id: incident.id, ...DRAFT }),
        'BAD_REQUEST',
        'outages only',
      );
      await expectServiceError(getReview(soc, { id: incident.id }), 'BAD_REQUEST', 'outages only');
    });

    it('saves drafts by revision, publishes once with impact and root cause, then is read-only', async () => {
      const id = await resolvedOutage();
      await expectServiceError(publishReview(noc, { id }), 'PRECONDITION_FAILED', 'Save a draft');
      const first = await saveReviewDraft(noc, { id, impact: DRAFT.impact });
      // A stale revision, or none once a review exists, is someone else's text: CONFLICT.
      await expectServiceError(saveReviewDraft(manager, { id, ...DRAFT }), 'CONFLICT');
      await expectServiceError(saveReviewDraft(manager, { id, revision: 7, ...DRAFT }), 'CONFLICT');
      const error = await expectServiceError(publishReview(noc, { id }), 'BAD_REQUEST');
      expect(error.fieldErrors).toEqual({ rootCause: ['Root cause is needed to publish'] });
      const second = await saveReviewDraft(manager, { id, revision: first.revision, ...DRAFT });
      expect(second.revision).toBe(2);
      // Nothing changed: nothing written, not even an event.
      const before = (await eventsOf(db, id)).length;
      expect((await saveReviewDraft(manager, { id, revision: 2, ...DRAFT })).revision).toBe(2);
      expect((await eventsOf(db, id)).length).toBe(before);

      await expectServiceError(publishReview(noc, { id, revision: 1 }), 'CONFLICT');
      await publishReview(noc, { id, revision: 2 });
      const row = await reviewRow(id);
      expect(row).toMatchObject({
        status: 'published',
        ...DRAFT,
        publishedById: await userId(world, 'noc@watchfloor.test'),
      });
      await expectServiceError(publishReview(noc, { id }), 'PRECONDITION_FAILED', 'already published');
      await expectServiceError(
        saveReviewDraft(noc, { id, revision: 2, ...DRAFT, impact: 'rewritten' }),
        'PRECONDITION_FAILED',
        'published',
      );
    });

    it('refuses writes once the outage is reopened, and reads still work', async () => {
      const id = await resolvedOutage();
      await saveReviewDraft(noc, { id, ...DRAFT });
      await drive(admin, id, [{ type: 'REOPEN' }]);
      await expectServiceError(
        saveReviewDraft(noc, { id, revision: 1, ...DRAFT, toImprove: 'more' }),
        'PRECONDITION_FAILED',
        'investigating',
      );
      await expectServiceError(publishReview(noc, { id }), 'PRECONDITION_FAILED');
      const read = await getReview(noc, { id });
      expect(read.review?.impact).toBe(DRAFT.impact);
      expect(read).toMatchObject({ reviewable: false, mayEdit: false });
    });
  });

  describe('authorization', () => {
    it('lets NOC engineers, managers and admins write; SOC analysts and customers only read', async () => {
      const id = await resolvedOutage();
      await expectServiceError(saveReviewDraft(soc, { id, ...DRAFT }), 'FORBIDDEN');
      await expectServiceError(saveReviewDraft(customer, { id, ...DRAFT }), 'FORBIDDEN');
      // Another organisation's customer may not even know the outage exists.
      await expectServiceError(saveReviewDraft(otherCustomer, { id, ...DRAFT }), 'NOT_FOUND');
      await expectServiceError(getReview(otherCustomer, { id }), 'NOT_FOUND');
      let revision = (await saveReviewDraft(noc, { id, ...DRAFT })).revision;
      revision = (await saveReviewDraft(manager, { id, revision, ...DRAFT, wentWell: 'Fast page' })).revision;
      revision = (await saveReviewDraft(admin, { id, revision, ...DRAFT })).revision;
      expect(revision).toBe(3);
      await expectServiceError(publishReview(soc, { id }), 'FORBIDDEN');
      await expectServiceError(publishReview(customer, { id }), 'FORBIDDEN');
      await expectServiceError(getReview(noc, { id: MISSING }), 'NOT_FOUND');

      // Staff read the draft in full; SOC analysts may not edit it.
      const bySoc = await getReview(soc, { id });
      expect(bySoc.review).toMatchObject({ status: 'draft', wentWell: DRAFT.wentWell });
      expect(bySoc.mayEdit).toBe(false);
      expect((await getReview(noc, { id })).mayEdit).toBe(true);
    });

    it('shows customers nothing of a draft, and of a published review its impact, root cause and timeline only', async () => {
      const id = await resolvedOutage();
      const { revision } = await saveReviewDraft(noc, { id, ...DRAFT });
      const owner = await userId(world, 'noc@watchfloor.test');
      await addFollowUp(noc, { id, title: 'Add route-map linting', ownerId: owner, dueOn: inDays(14) });
      expect(await getReview(customer, { id })).toMatchObject({
        review: null,
        timeline: null,
        mayEdit: false,
      });
      await publishReview(noc, { id, revision });
      const read = await getReview(customer, { id });
      expect(read.review).toMatchObject({
        status: 'published',
        impact: DRAFT.impact,
        rootCause: DRAFT.rootCause,
        wentWell: null,
        toImprove: null,
        author: null,
        followUps: [],
      });
      expect(read.timeline?.milestones.map((m) => m.key)).toContain('resolved');
      expect(JSON.stringify(read)).not.toContain('route-map linting');
    });
  });

  describe('audit and timeline', () => {
    it('records every write on the outage chain, old → new, and the chains verify', async () => {
      const id = await resolvedOutage();
      const ticketVersion = (await ticketRow(db, id)).version;
      const first = await saveReviewDraft(noc, { id, impact: 'First words' });
      await saveReviewDraft(noc, { id, revision: first.revision, ...DRAFT });
      const owner = await userId(world, 'soc@watchfloor.test');
      const { followUpId } = await addFollowUp(noc, {
        id,
        title: 'Tune IDS',
        ownerId: owner,
        dueOn: today(),
      });
      await publishReview(manager, { id });
      await completeFollowUp(soc, { followUpId });
      const events = (await eventsOf(db, id)).filter((e) => e.type.startsWith('review.'));
      expect(events.map((e) => e.type)).toEqual([
        'review.draft_saved',
        'review.draft_saved',
        'review.follow_up_added',
        'review.published',
        'review.follow_up_completed',
      ]);
      expect(events[1]!.payload.changes).toEqual({
        impact: { from: 'First words', to: DRAFT.impact },
        rootCause: { from: '', to: DRAFT.rootCause },
        wentWell: { from: '', to: DRAFT.wentWell },
        toImprove: { from: '', to: DRAFT.toImprove },
      });
      expect(events[2]!.payload).toMatchObject({
        followUpId,
        ownerId: owner,
        dueOn: today(),
        title: 'Tune IDS',
      });
      expect(events[3]!.actorLabel).toBe('manager@watchfloor.test');
      // Event-only changes: the outage's fields (and so its version) stay as they were.
      expect((await ticketRow(db, id)).version).toBe(ticketVersion);
      expect((await verifyAuditChains(db)).firstBreak).toBeNull();
    });

    it('derives the timeline from the outage: milestones, time to acknowledge and resolve, SLA outcomes', async () => {
      const { id } = await createTicket(noc, {
        title: 'Mail relay queueing',
        organisationId: world.org('acme').id,
        impact: 'high',
        urgency: 'high',
      });
      world.clock.advance(3 * MINUTE);
      await commentOnTicket(noc, { id, body: 'We are investigating.', visibility: 'public' });
      world.clock.advance(2 * MINUTE);
      await drive(noc, id, [{ type: 'ACK' }, { type: 'INVESTIGATE' }, { type: 'IDENTIFY' }, { type: 'FIX' }]);
      world.clock.advance(40 * MINUTE);
      await drive(noc, id, [
        { type: 'RESOLVE', resolutionSummary: 'Restarted the relay.', causeCategory: 'software' },
      ]);
      const { timeline } = await getReview(noc, { id });
      expect(timeline!.milestones.map((m) => [m.key, m.sinceOpenedMs / MINUTE])).toEqual([
        ['created', 0],
        ['first_public_update', 3],
        ['acknowledged', 5],
        ['resolved', 45],
      ]);
      expect(timeline!.timeToAcknowledgeMs).toBe(5 * MINUTE);
      expect(timeline!.timeToResolveMs).toBe(45 * MINUTE);
      const clocks = timeline!.sla.map((c) => c.metric);
      expect(clocks).toEqual(['response', 'resolution']);
      for (const clock of timeline!.sla) expect(clock.met).not.toBeNull();
    });
  });

  describe('follow-up actions', () => {
    it('need a draft, an active staff owner and a due date from today; the owner is notified', async () => {
      const id = await resolvedOutage();
      const nocId = await userId(world, 'noc@watchfloor.test');
      await expectServiceError(
        addFollowUp(noc, { id, title: 'Fix', ownerId: nocId, dueOn: inDays(3) }),
        'PRECONDITION_FAILED',
        'Save a draft',
      );
      await saveReviewDraft(noc, { id, ...DRAFT });
      const customerId = await userId(world, 'customer@acme.test');
      const refused = await expectServiceError(
        addFollowUp(noc, { id, title: 'Fix', ownerId: customerId, dueOn: inDays(3) }),
        'BAD_REQUEST',
      );
      expect(refused.fieldErrors).toEqual({ ownerId: ['Choose an active colleague'] });
      await expectServiceError(
        addFollowUp(noc, { id, title: 'Fix', ownerId: MISSING, dueOn: inDays(3) }),
        'BAD_REQUEST',
      );
      const past = await expectServiceError(
        addFollowUp(noc, { id, title: 'Fix', ownerId: nocId, dueOn: inDays(-3) }),
        'BAD_REQUEST',
      );
      expect(past.fieldErrors).toEqual({ dueOn: ['Choose a due date from today on'] });
      await expectServiceError(
        addFollowUp(noc, { id, title: 'Fix', ownerId: nocId, dueOn: '2026-02-30' }),
        'BAD_REQUEST',
      );
      await expectServiceError(
        addFollowUp(soc, { id, title: 'Fix', ownerId: nocId, dueOn: inDays(3) }),
        'FORBIDDEN',
      );

      const managerId = await userId(world, 'manager@watchfloor.test');
      const { followUpId } = await addFollowUp(noc, {
        id,
        title: 'Peer review for route maps',
        ownerId: managerId,
        dueOn: inDays(7),
      });
      const [row] = await db.select().from(reviewFollowUps).where(eq(reviewFollowUps.id, followUpId));
      expect(row).toMatchObject({ ownerId: managerId, dueOn: inDays(7), status: 'open' });
      const notes = await db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, managerId), eq(notifications.kind, 'review.follow_up_assigned')));
      expect(notes).toHaveLength(1);
      expect(notes[0]).toMatchObject({ ticketId: id, body: 'Peer review for route maps' });

      const read = await getReview(noc, { id });
      expect(read.review?.followUps).toEqual([
        expect.objectContaining({
          id: followUpId,
          owner: 'Morgan Manager',
          dueOn: inDays(7),
          status: 'open',
          overdue: false,
          mayComplete: true,
        }),
      ]);
      // Overdue once its date has passed (the clock is the test's).
      world.clock.advance(8 * 86_400_000);
      expect((await getReview(noc, { id })).review?.followUps[0]?.overdue).toBe(true);
    });

    it('are completed once, by a review writer or their owner, and stay internal', async () => {
      const id = await resolvedOutage();
      const { revision } = await saveReviewDraft(noc, { id, ...DRAFT });
      await publishReview(noc, { id, revision });
      // Published reviews still take follow-ups: that is when they are tracked.
      const socId = await userId(world, 'soc@watchfloor.test');
      const nocId = await userId(world, 'noc@watchfloor.test');
      const mine = await addFollowUp(noc, { id, title: 'Tune IDS rule', ownerId: socId, dueOn: inDays(2) });
      world.clock.advance(MINUTE);
      const theirs = await addFollowUp(noc, { id, title: 'Runbook', ownerId: nocId, dueOn: inDays(2) });
      expect((await getReview(soc, { id })).review?.followUps.map((f) => f.mayComplete)).toEqual([
        true,
        false,
      ]);
      await expectServiceError(completeFollowUp(soc, { followUpId: theirs.followUpId }), 'FORBIDDEN');
      await expectServiceError(completeFollowUp(customer, { followUpId: mine.followUpId }), 'NOT_FOUND');
      await expectServiceError(completeFollowUp(otherCustomer, { followUpId: mine.followUpId }), 'NOT_FOUND');
      await expectServiceError(completeFollowUp(noc, { followUpId: MISSING }), 'NOT_FOUND');
      await completeFollowUp(soc, { followUpId: mine.followUpId });
      await completeFollowUp(manager, { followUpId: theirs.followUpId });
      await expectServiceError(
        completeFollowUp(noc, { followUpId: mine.followUpId }),
        'PRECONDITION_FAILED',
        'already done',
      );
      const rows = await db.select().from(reviewFollowUps).where(eq(reviewFollowUps.id, mine.followUpId));
      expect(rows[0]).toMatchObject({ status: 'done', completedById: socId });
    });
  });

  describe('database constraints', () => {
    const base = (ticketId: string) => ({
      ticketId,
      createdAt: world.clock.now(),
      updatedAt: world.clock.now(),
    });

    it('refuse a review of a security incident, a second review, and an incomplete publication', async () => {
      const incident = await createTicket(soc, incidentInput(world));
      expect(await refusal(db.insert(postIncidentReviews).values(base(incident.id)))).toBe('23514');
      expect(await refusal(db.insert(postIncidentReviews).values(base(MISSING)))).toBe('23503');
      const id = await resolvedOutage();
      await db.insert(postIncidentReviews).values(base(id));
      expect(await refusal(db.insert(postIncidentReviews).values(base(id)))).toBe('23505');
      // Moving a review onto an incident is refused as its creation would be.
      expect(
        await refusal(
          db
            .update(postIncidentReviews)
            .set({ ticketId: incident.id })
            .where(eq(postIncidentReviews.ticketId, id)),
        ),
      ).toBe('23514');
      const set = (values: Partial<typeof postIncidentReviews.$inferInsert>) =>
        refusal(db.update(postIncidentReviews).set(values).where(eq(postIncidentReviews.ticketId, id)));
      expect(await set({ status: 'published' })).toBe('23514');
      expect(await set({ status: 'published', publishedAt: world.clock.now() })).toBe('23514');
      expect(
        await set({ status: 'published', publishedAt: world.clock.now(), impact: 'x', rootCause: '  ' }),
      ).toBe('23514');
      expect(await set({ status: 'archived' as 'draft' })).toBe('23514');
      expect(await set({ wentWell: 'x'.repeat(10_001) })).toBe('23514');
      expect(await set({ revision: 0 })).toBe('23514');
      expect(await set({ updatedAt: new Date(world.clock.now().getTime() - MINUTE) })).toBe('23514');
      expect(
        await set({ status: 'published', publishedAt: world.clock.now(), impact: 'x', rootCause: 'y' }),
      ).toBe(undefined);
    });

    it('refuse follow-ups without a title, an owner, or with an impossible state', async () => {
      const id = await resolvedOutage();
      const [review] = await db.insert(postIncidentReviews).values(base(id)).returning();
      const owner = await userId(world, 'noc@watchfloor.test');
      const followUp = (values: Partial<typeof reviewFollowUps.$inferInsert>) =>
        refusal(
          db.insert(reviewFollowUps).values({
            reviewId: review!.id,
            title: 'Do it',
            ownerId: owner,
            dueOn: '2026-12-01',
            createdAt: world.clock.now(),
            ...values,
          }),
        );
      expect(await followUp({ title: '   ' })).toBe('23514');
      expect(await followUp({ title: 'x'.repeat(201) })).toBe('23514');
      expect(await followUp({ ownerId: MISSING })).toBe('23503');
      expect(await followUp({ reviewId: MISSING })).toBe('23503');
      expect(await followUp({ status: 'done' })).toBe('23514');
      expect(await followUp({ completedAt: world.clock.now() })).toBe('23514');
      expect(await followUp({ status: 'cancelled' as 'open' })).toBe('23514');
      expect(await followUp({ dueOn: '2400-01-01' })).toBe('23514');
      expect(await followUp({})).toBeUndefined();
      // An owner with follow-ups is not deleted from under them (users are deactivated instead).
      const newcomer = async (email: string) =>
        (
          await db
            .insert(users)
            .values({
              email,
              name: 'New Colleague',
              role: 'noc_engineer',
              organisationId: world.org('acme').id,
            })
            .returning({ id: users.id })
        )[0]!.id;
      const unused = await newcomer('unused@watchfloor.test');
      expect(await refusal(db.delete(users).where(eq(users.id, unused)))).toBeUndefined();
      const owning = await newcomer('owning@watchfloor.test');
      expect(await followUp({ ownerId: owning })).toBeUndefined();
      // restrict_violation on PostgreSQL 18 (PGlite), foreign_key_violation before it.
      expect(['23001', '23503']).toContain(await refusal(db.delete(users).where(eq(users.id, owning))));
    });
  });
});

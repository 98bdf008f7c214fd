import { describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client';
import { testEngines } from '../../../test/databases';
import { useDemoWorld } from '../../../test/suite';
import { eventsOf, expectServiceError, ticketIn } from '../../../test/tickets';
import type { DemoWorld } from '../../../test/world';
import { verifyAuditChains } from '../audit/verify';
import { getReview } from './get';
import { publishReview } from './publish';
import { reopenReview } from './reopen';
import { saveReviewDraft } from './save-draft';

const DRAFT = {
  impact: 'Acme website unreachable for 38 minutes for all visitors.',
  rootCause: 'A route-map typo withdrew the /24 from both transits.',
};

describe.each(testEngines())('reopening a published review on $engine', ({ open }) => {
  let db: Database;
  let world: DemoWorld;
  useDemoWorld({ open }, (setup) => ({ db, world } = setup));

  async function published() {
    const noc = await world.as('noc@watchfloor.test');
    const { id } = await ticketIn(world, 'outage', 'resolved');
    await saveReviewDraft(noc, { id, ...DRAFT });
    const { review } = await getReview(noc, { id });
    await publishReview(noc, { id, revision: review!.revision });
    return { id, noc, revision: review!.revision };
  }

  it('turns it back into a draft with a new revision; customers stop reading it until republished', async () => {
    const { id, noc, revision } = await published();
    const customer = await world.as('customer@acme.test');
    expect((await getReview(customer, { id })).review).not.toBeNull();

    const reason = 'The root cause was the second transit, not the first';
    expect(await reopenReview(noc, { id, revision, reason })).toMatchObject({ revision: revision + 1 });
    const staff = await getReview(noc, { id });
    expect(staff.review).toMatchObject({ status: 'draft', revision: revision + 1, publishedAt: null });
    expect((await getReview(customer, { id })).review).toBeNull();
    const reopened = (await eventsOf(db, id)).filter((e) => e.type === 'review.reopened');
    expect(reopened.map((e) => e.payload)).toEqual([
      expect.objectContaining({ publishedRevision: revision, reason }),
    ]);

    // Published again from the new revision.
    await publishReview(noc, { id, revision: revision + 1 });
    expect((await getReview(customer, { id })).review).toMatchObject({ status: 'published' });
    expect(await verifyAuditChains(db)).toMatchObject({ firstBreak: null });
  });

  it('refuses a draft, a stale revision, a missing reason, and those who may not write reviews', async () => {
    const { id, noc, revision } = await published();
    const reason = 'Impact was understated';
    await expectServiceError(reopenReview(noc, { id, revision: revision + 5, reason }), 'CONFLICT');
    await expectServiceError(reopenReview(noc, { id, revision, reason: '' }), 'BAD_REQUEST');
    await expectServiceError(reopenReview(await world.as('customer@acme.test'), { id, reason }), 'FORBIDDEN');
    await expectServiceError(
      reopenReview(await world.as('customer@globex.test'), { id, reason }),
      'NOT_FOUND',
    );
    await reopenReview(noc, { id, revision, reason });
    await expectServiceError(reopenReview(noc, { id, reason }), 'PRECONDITION_FAILED');
  });
});

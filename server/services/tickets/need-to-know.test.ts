import { describe, expect, it } from 'vitest';
import { testEngines } from '../../../test/databases';
import { handoffRequest } from '../../../test/handoffs';
import { useDemoWorld } from '../../../test/suite';
import { expectServiceError, incidentInput, outageInput, userId } from '../../../test/tickets';
import type { DemoWorld } from '../../../test/world';
import { acceptHandoff } from '../handoffs/accept';
import { requestHandoff } from '../handoffs/request';
import { requestNocAction } from '../noc-actions/request';
import { completeTask } from '../security/complete-task';
import { allowedActions } from './allowed-actions';
import { assignTicket } from './assign';
import { createTicket } from './create';
import { getTicket } from './get';
import { listTickets } from './list';
import { ticketTimeline } from './timeline';

// Metadata that must not outrun need-to-know (DESIGN §2.9): versions, parallel-region transitions, what a
// stub carries, what a customer learns from a task id, and who may be made an assignee.

describe.each(testEngines())('need-to-know beyond the ticket body on $engine', ({ open }) => {
  let world: DemoWorld;
  let ids: { outageId: string; incidentId: string; taskId: string };

  useDemoWorld({ open }, async (setup) => {
    ({ world } = setup);
    const noc = await world.as('noc@watchfloor.test');
    const soc = await world.as('soc@watchfloor.test');
    const outage = await createTicket(noc, outageInput(world));
    const { handoffId } = await requestHandoff(noc, handoffRequest(outage.id, world.clock.now()));
    const { incidentId } = await acceptHandoff(soc, { handoffId, into: 'new' });
    const { taskId } = await requestNocAction(soc, {
      incidentId,
      outageId: outage.id,
      action: 'collect_logs',
      details: 'Firewall logs 09:00–10:00',
    });
    ids = { outageId: outage.id, incidentId, taskId };
  });

  it('tickets.allowedActions gives the version only to a full reader', async () => {
    const as = world.as;
    const version = async (email: Parameters<typeof as>[0], id: string) =>
      (await allowedActions(await as(email), { id })).version;
    expect(await version('customer@acme.test', ids.outageId)).toBeNull();
    expect(await version('noc@watchfloor.test', ids.incidentId)).toBeNull(); // the NOC's stub
    expect(await version('noc@watchfloor.test', ids.outageId)).toEqual(expect.any(Number));
    expect(await version('soc@watchfloor.test', ids.incidentId)).toEqual(expect.any(Number));
  });

  it("a customer's timeline shows status changes only, not the handoff's security-link transitions", async () => {
    const customer = await ticketTimeline(await world.as('customer@acme.test'), { id: ids.outageId });
    expect(customer.map((e) => [e.type, e.payload])).toEqual([['ticket.created', { status: 'new' }]]);
    // Staff still see the security link move at request and accept.
    const staff = await ticketTimeline(await world.as('noc@watchfloor.test'), { id: ids.outageId });
    const moves = staff.filter((e) => e.type === 'ticket.transitioned');
    expect(moves.map((e) => [e.payload.from, e.payload.to])).toEqual([
      ['new', 'new'],
      ['new', 'new'],
    ]);
  });

  it('a stub carries its number, state and public summary only, in a read and in a list', async () => {
    const noc = await world.as('noc@watchfloor.test');
    const stub = await getTicket(noc, { id: ids.incidentId });
    const listed = (await listTickets(noc, { kind: 'security', limit: 100 })).items.find(
      (t) => t.id === ids.incidentId,
    );
    for (const view of [stub, listed!]) {
      expect(view.projection).toBe('stub');
      const shown = Object.entries(view)
        .filter(([, value]) => value !== null && value !== false && !(Array.isArray(value) && !value.length))
        .map(([field]) => field)
        .sort();
      expect(shown).toEqual(['id', 'kind', 'number', 'projection', 'status', 'title']);
      expect(view).toMatchObject({ organisation: null, priority: null, createdAt: null, updatedAt: null });
    }
  });

  it('a customer completing a NOC action task answers NOT_FOUND; staff learn where it is completed', async () => {
    const customer = await world.as('customer@acme.test');
    await expectServiceError(completeTask(customer, { taskId: ids.taskId }), 'NOT_FOUND');
    const noc = await world.as('noc@watchfloor.test');
    await expectServiceError(
      completeTask(noc, { taskId: ids.taskId }),
      'BAD_REQUEST',
      'completed by the NOC',
    );
  });

  it('tickets.assign refuses an assignee who may not read the ticket in full, under the assignee field', async () => {
    const soc = await world.as('soc@watchfloor.test');
    const incident = await createTicket(soc, incidentInput(world));
    const toNoc = await expectServiceError(
      assignTicket(soc, { id: incident.id, assigneeId: await userId(world, 'noc@watchfloor.test') }),
      'BAD_REQUEST',
    );
    expect(toNoc.fieldErrors?.assigneeId).toEqual([
      'This person may not see all of this ticket; choose a colleague who can',
    ]);
    const noc = await world.as('noc@watchfloor.test');
    const toCustomer = await expectServiceError(
      assignTicket(noc, { id: ids.outageId, assigneeId: await userId(world, 'customer@acme.test') }),
      'BAD_REQUEST',
    );
    expect(toCustomer.fieldErrors?.assigneeId).toBeDefined();
    expect(
      await assignTicket(soc, { id: incident.id, assigneeId: await userId(world, 'soc@watchfloor.test') }),
    ).toMatchObject({ changed: true });
  });
});

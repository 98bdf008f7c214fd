import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../../db/client';
import { queryRows } from '../../../db/sql';
import { testEngines } from '../../../test/databases';
import { handoffRequest } from '../../../test/handoffs';
import { useDemoWorld } from '../../../test/suite';
import { expectServiceError, incidentInput, outageInput } from '../../../test/tickets';
import type { DemoEmail, DemoWorld } from '../../../test/world';
import { SNIPPET_END, SNIPPET_START } from '../../../workflows/tickets/search';
import { acceptHandoff } from '../handoffs/accept';
import { requestHandoff } from '../handoffs/request';
import { addObservable } from '../security/add-observable';
import { commentOnTicket } from '../tickets/comment';
import { createTicket } from '../tickets/create';
import { searchHits } from './internal/hits';
import { searchTickets } from './search-tickets';

// Search finds what a viewer may read, and nothing else (DESIGN §2.9): the words of a security incident
// never lead a NOC engineer or a customer to it, internal comments never reach a customer, and a stub is
// found by its number alone.

describe.each(testEngines())('search.tickets on $engine', ({ open }) => {
  let world: DemoWorld;
  let db: Database;
  const ids: Record<string, { id: string; number: string }> = {};

  useDemoWorld({ open }, async (setup) => {
    ({ world, db } = setup);
    const noc = await world.as('noc@watchfloor.test');
    const soc = await world.as('soc@watchfloor.test');
    ids.outage = await createTicket(
      noc,
      outageInput(world, {
        title: 'Fibre cut near the kestrel ridge',
        description: 'A backhoe severed the marmot bundle at the quarry',
      }),
    );
    await commentOnTicket(noc, { id: ids.outage.id, body: 'Splicing crew booked, zebrafish ETA 14:00' });
    await commentOnTicket(noc, {
      id: ids.outage.id,
      body: 'Pelican update: engineers are on site',
      visibility: 'public',
    });
    ids.globexOutage = await createTicket(
      noc,
      outageInput(world, {
        title: 'Kestrel pop packet loss',
        organisationId: world.org('globex').id,
        serviceIds: [],
      }),
    );
    // A security incident nobody handed off: restricted to the SOC.
    ids.incident = await createTicket(
      soc,
      incidentInput(world, { title: 'Credential stuffing osprey wave' }),
    );
    await commentOnTicket(soc, { id: ids.incident.id, body: 'Heron botnet reuses the same user agent' });
    await addObservable(soc, {
      id: ids.incident.id,
      type: 'ipv4',
      value: '198.51.100.77',
      note: 'falcon c2',
    });
    // An incident the NOC handed off: the NOC sees its stub.
    ids.handed = await createTicket(noc, outageInput(world, { title: 'Edge flaps before the condor alert' }));
    const { handoffId } = await requestHandoff(noc, handoffRequest(ids.handed.id, world.clock.now()));
    const accepted = await acceptHandoff(soc, { handoffId, into: 'new' });
    ids.stub = { id: accepted.incidentId, number: accepted.incidentNumber };
    await commentOnTicket(soc, { id: ids.stub.id, body: 'Albatross lateral movement confirmed' });
  });

  const found = async (email: DemoEmail, q: string) =>
    (await searchTickets(await world.as(email), { q, limit: 50 })).items;
  const numbersFound = async (email: DemoEmail, q: string) =>
    (await found(email, q)).map((hit) => hit.ticket.number);

  it('finds a ticket by its title, description and comments, with the words marked in a snippet', async () => {
    const [byTitle] = await found('noc@watchfloor.test', 'ridge');
    expect(byTitle).toMatchObject({ matchedIn: 'title', ticket: { number: ids.outage!.number } });
    expect(byTitle!.snippet).toBe(`Fibre cut near the kestrel ${SNIPPET_START}ridge${SNIPPET_END}`);
    const [byDescription] = await found('noc@watchfloor.test', 'marmot quarry');
    expect(byDescription).toMatchObject({ matchedIn: 'description', ticket: { id: ids.outage!.id } });
    expect(byDescription!.snippet).toContain(`${SNIPPET_START}marmot${SNIPPET_END}`);
    const [byComment] = await found('noc@watchfloor.test', 'zebrafish');
    expect(byComment).toMatchObject({ matchedIn: 'comment', ticket: { id: ids.outage!.id } });
    expect(await numbersFound('noc@watchfloor.test', '"crew booked" -nothing')).toEqual([ids.outage!.number]);
  });

  it('marks a long title whole, where a description gets fragments', async () => {
    const noc = await world.as('noc@watchfloor.test');
    const words = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');
    await createTicket(noc, outageInput(world, { title: `${words} lemming` }));
    const [title] = await found('noc@watchfloor.test', 'lemming');
    expect(title).toMatchObject({
      matchedIn: 'title',
      snippet: `${words} ${SNIPPET_START}lemming${SNIPPET_END}`,
    });
    const description = `${words} marten ${words}`;
    await createTicket(noc, outageInput(world, { title: 'Short title', description }));
    const [fragment] = await found('noc@watchfloor.test', 'marten');
    expect(fragment!.matchedIn).toBe('description');
    expect(fragment!.snippet).toContain(`${SNIPPET_START}marten${SNIPPET_END}`);
    expect(fragment!.snippet!.length).toBeLessThan(description.length);
  });

  it('finds a ticket by its number, as OUT-n, n, #n or another tracker’s prefix, before word matches', async () => {
    const n = ids.outage!.number.slice(4);
    for (const q of [ids.outage!.number, ids.outage!.number.toLowerCase(), n, `#${n}`, `INC-${n}`]) {
      const [first] = await found('noc@watchfloor.test', q);
      expect(first, q).toMatchObject({ matchedIn: 'number', snippet: null, ticket: { id: ids.outage!.id } });
    }
    expect(await numbersFound('noc@watchfloor.test', `SEC-${n}`)).not.toContain(ids.outage!.number);
  });

  it('ranks a title match above a match in a comment', async () => {
    const noc = await world.as('noc@watchfloor.test');
    const inComment = await createTicket(noc, outageInput(world, { title: 'Unrelated wording' }));
    await commentOnTicket(noc, { id: inComment.id, body: 'Could this be the kestrel ridge again?' });
    const numbers = await numbersFound('noc@watchfloor.test', 'kestrel ridge');
    expect(numbers.indexOf(ids.outage!.number)).toBeLessThan(numbers.indexOf(inComment.number));
  });

  it('pages by cursor through every hit once, in rank order', async () => {
    const noc = await world.as('noc@watchfloor.test');
    for (const title of [
      'Walrus one',
      'Walrus walrus two',
      'Walrus three',
      'Walrus walrus walrus four',
      'Walrus five',
    ])
      await createTicket(noc, outageInput(world, { title }));
    const all = (await searchTickets(noc, { q: 'walrus', limit: 50 })).items.map((h) => h.ticket.id);
    expect(all).toHaveLength(5);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof searchTickets>> = await searchTickets(noc, {
        q: 'walrus',
        limit: 2,
        cursor,
      });
      paged.push(...page.items.map((h) => h.ticket.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all);
  });

  it('a NOC engineer finds neither a restricted incident nor a stub by its words; a stub by its number only', async () => {
    for (const q of ['osprey', 'heron', '198.51.100.77', 'falcon', 'albatross'])
      expect(await found('noc@watchfloor.test', q), q).toEqual([]);
    // The incident took over the outage's words; the NOC finds its own outage by them, not the incident.
    expect(await numbersFound('soc@watchfloor.test', 'condor')).toContain(ids.stub!.number);
    expect(await numbersFound('noc@watchfloor.test', 'condor')).toEqual([ids.handed!.number]);
    expect(await found('noc@watchfloor.test', ids.incident!.number)).toEqual([]);
    const [stub] = await found('noc@watchfloor.test', ids.stub!.number);
    expect(stub).toMatchObject({ matchedIn: 'number', snippet: null, ticket: { projection: 'stub' } });
    expect(stub!.ticket.title).not.toMatch(/condor|Albatross/i);
  });

  it('the SOC finds the incident by its title, comment and observable, and the incident it took over', async () => {
    expect(await numbersFound('soc@watchfloor.test', 'osprey')).toEqual([ids.incident!.number]);
    expect(await numbersFound('soc@watchfloor.test', 'heron')).toEqual([ids.incident!.number]);
    const [byObservable] = await found('soc@watchfloor.test', '198.51.100.77');
    expect(byObservable).toMatchObject({ matchedIn: 'observable', ticket: { id: ids.incident!.id } });
    expect(await numbersFound('soc@watchfloor.test', 'falcon')).toEqual([ids.incident!.number]);
    expect(await numbersFound('soc@watchfloor.test', 'albatross')).toEqual([ids.stub!.number]);
  });

  it("a customer finds their own organisation's outages by title and public update only", async () => {
    expect(await numbersFound('customer@acme.test', 'kestrel')).toEqual([ids.outage!.number]);
    expect(await numbersFound('customer@acme.test', 'pelican')).toEqual([ids.outage!.number]);
    for (const q of [
      'zebrafish',
      'marmot',
      'osprey',
      'heron',
      '198.51.100.77',
      'albatross',
      ids.incident!.number,
    ])
      expect(await found('customer@acme.test', q), q).toEqual([]);
    expect(await numbersFound('customer@globex.test', 'kestrel')).toEqual([ids.globexOutage!.number]);
    expect(await found('customer@globex.test', ids.outage!.number)).toEqual([]);
    expect(await found('customer@globex.test', 'pelican')).toEqual([]);
    const [hit] = await found('customer@acme.test', 'pelican');
    expect(hit!.ticket).toMatchObject({ projection: 'public', assignee: null, description: null });
  });

  it('answers bad input with a field error, and text without words with no hits', async () => {
    const noc = await world.as('noc@watchfloor.test');
    const empty = await expectServiceError(searchTickets(noc, { q: '   ' }), 'BAD_REQUEST');
    expect(Object.keys(empty.fieldErrors ?? {})).toEqual(['q']);
    const crafted = await expectServiceError(
      searchTickets(noc, { q: 'kestrel', cursor: 'bm9wZQ' }),
      'BAD_REQUEST',
    );
    expect(crafted.fieldErrors).toEqual({ cursor: ['Unknown cursor'] });
    expect((await searchTickets(noc, { q: '!!! & | <->' })).items).toEqual([]);
    expect((await searchTickets(noc, { q: 'o\'brien "unbalanced' })).items).toEqual([]);
  });

  it('matches the expressions migration 0010 indexes (each source can be answered from its GIN index)', async () => {
    const soc = await world.as('soc@watchfloor.test');
    const plan = await db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const rows = await queryRows<Record<string, string>>(
        tx,
        sql`explain select * from (${searchHits(soc.actor, 'kestrel')}) hits`,
      );
      return rows.map((row) => Object.values(row)[0]).join('\n');
    });
    for (const index of [
      'tickets_title_search_idx',
      'tickets_description_search_idx',
      'ticket_events_comment_search_idx',
      'observables_search_idx',
    ])
      expect(plan).toContain(index);
  });
});

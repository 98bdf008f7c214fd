import { and, eq, or, sql } from 'drizzle-orm';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { Database, DatabaseHandle } from '../../../db/client';
import { ticketLinks } from '../../../db/schema';
import { queryRows } from '../../../db/sql';
import { type TestEngine, testEngines } from '../../../test/databases';
import { clocksOf, expectChainsIntact } from '../../../test/sla';
import { useDemoWorld } from '../../../test/suite';
import {
  drive,
  eventsOf,
  type Outcome,
  outageInput,
  RESOLVE,
  settle,
  ticketIn,
  ticketRow,
  userId,
} from '../../../test/tickets';
import { type DemoEmail, type DemoWorld, testClock } from '../../../test/world';
import { verifyAuditChains } from '../audit/verify';
import type { ServiceContext } from '../kernel/context';
import { assignTicket } from './assign';
import { commentOnTicket } from './comment';
import { createTicket } from './create';
import { linkTickets } from './link';
import type { LifecycleEventInput } from './schemas';
import { setTicketPriority } from './set-priority';
import { transitionTicket } from './transition';

const N = 50;

/** Fires `n` commands at once and waits for all of them. */
function race<T>(n: number, command: (i: number) => Promise<T>): Promise<Outcome<T>[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => settle(command(i))));
}

function codes(outcomes: Outcome<unknown>[]): string[] {
  return [...new Set(outcomes.map((o) => (o.ok ? 'ok' : o.error.code)))].sort();
}

/** The ticket's chain is whole: contiguous sequence numbers, every hash right, nothing lost or doubled. */
async function expectIntactChain(db: Database, ticketId: string, events: number) {
  const rows = await eventsOf(db, ticketId);
  expect(rows.map((e) => e.seq)).toEqual(Array.from({ length: events }, (_, i) => i + 1));
  expect(await verifyAuditChains(db, { ticketId })).toMatchObject({
    eventsChecked: events,
    firstBreak: null,
  });
}

async function contexts(world: DemoWorld, emails: DemoEmail[]): Promise<ServiceContext[]> {
  return Promise.all(emails.map((email) => world.as(email)));
}

// Every engine: on PGlite the single connection queues the commands, on PostgreSQL they really race across
// the pool; either way exactly one conflicting command may win.
describe.each(testEngines())('racing commands on $engine', ({ open }) => {
  let db: Database;
  let world: DemoWorld;

  useDemoWorld({ open }, (setup) => ({ db, world } = setup));

  it(`${N} ACKs against the same version: one wins, the rest are told the ticket changed`, async () => {
    const staff = await contexts(world, [
      'noc@watchfloor.test',
      'admin@watchfloor.test',
      'manager@watchfloor.test',
    ]);
    const { id } = await createTicket(staff[0]!, outageInput(world));
    const outcomes = await race(N, (i) =>
      transitionTicket(staff[i % 3]!, { id, event: { type: 'ACK' }, version: 1 }),
    );
    const wins = outcomes.filter((o) => o.ok);
    expect(wins).toEqual([{ ok: true, value: { status: 'acknowledged', version: 2 } }]);
    expect(codes(outcomes)).toEqual(['CONFLICT', 'ok']);
    expect(await ticketRow(db, id)).toMatchObject({ status: 'acknowledged', version: 2 });
    await expectIntactChain(db, id, 1 + wins.length);
  });

  it(`${N} ACKs without a version: one wins, the rest cannot ACK while acknowledged`, async () => {
    const [noc] = await contexts(world, ['noc@watchfloor.test']);
    const { id } = await createTicket(noc!, outageInput(world));
    const outcomes = await race(N, () => transitionTicket(noc!, { id, event: { type: 'ACK' } }));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    for (const o of outcomes) {
      if (!o.ok) expect(o.error.message).toBe('cannot ACK while acknowledged');
    }
    await expectIntactChain(db, id, 2);
  });

  it(`${N} mutually exclusive outage events without a version: exactly one wins`, async () => {
    const staff = await contexts(world, ['noc@watchfloor.test', 'admin@watchfloor.test']);
    const { id } = await ticketIn(world, 'outage', 'monitoring');
    const before = await ticketRow(db, id);
    const eventsBefore = (await eventsOf(db, id)).length;
    // From monitoring, RESOLVE and HOLD exclude each other and nothing else here is accepted before or after.
    const mix: LifecycleEventInput[] = [
      RESOLVE,
      { type: 'HOLD', reason: 'vendor' },
      { type: 'HOLD', reason: 'change_window' },
      { type: 'ACK' },
      { type: 'IDENTIFY' },
      { type: 'INVESTIGATE' },
      { type: 'FIX' },
    ];
    const outcomes = await race(N, (i) =>
      transitionTicket(staff[i % 2]!, { id, event: mix[i % mix.length]! }),
    );
    const wins = outcomes.filter((o) => o.ok);
    expect(wins).toHaveLength(1);
    expect(['CONFLICT', 'PRECONDITION_FAILED', 'ok']).toEqual(expect.arrayContaining(codes(outcomes)));
    const after = await ticketRow(db, id);
    expect(after.version).toBe(before.version + 1);
    expect(wins[0]).toEqual({ ok: true, value: { status: after.status, version: after.version } });
    expect(['resolved', 'on_hold']).toContain(after.status);
    await expectIntactChain(db, id, eventsBefore + 1);
  });

  it(`${N} mutually exclusive triage decisions: CONFIRM or DISMISS, never both`, async () => {
    const staff = await contexts(world, ['soc@watchfloor.test', 'admin@watchfloor.test']);
    const { id } = await ticketIn(world, 'security', 'triage');
    const mix: LifecycleEventInput[] = [
      { type: 'CONFIRM' },
      { type: 'DISMISS', resolution: 'false_positive' },
      { type: 'CONFIRM', severity: 'critical' },
      { type: 'DISMISS', resolution: 'benign' },
      { type: 'ERADICATE' },
      { type: 'CLOSE', lessonsLearned: 'none' },
    ];
    const outcomes = await race(N, (i) =>
      transitionTicket(staff[i % 2]!, { id, event: mix[i % mix.length]! }),
    );
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(['CONFLICT', 'PRECONDITION_FAILED', 'ok']).toEqual(expect.arrayContaining(codes(outcomes)));
    const after = await ticketRow(db, id);
    expect(after.version).toBe(2);
    expect(['investigating', 'closed']).toContain(after.status);
    // The columns tell one consistent story: a dismissal's verdict only on a dismissed incident.
    expect(after.resolution === null).toBe(after.status === 'investigating');
    await expectIntactChain(db, id, 2);
  });

  it('versioned commands of every kind race; comments all land and never bump the version', async () => {
    const [noc, manager] = await contexts(world, ['noc@watchfloor.test', 'manager@watchfloor.test']);
    const { id } = await createTicket(noc!, outageInput(world, { impact: 'low', urgency: 'low' }));
    const nocId = await userId(world, 'noc@watchfloor.test');
    const commands: (() => Promise<unknown>)[] = [
      () => transitionTicket(noc!, { id, event: { type: 'ACK' }, version: 1 }),
      () => transitionTicket(manager!, { id, event: { type: 'HOLD', reason: 'customer' }, version: 1 }),
      () => assignTicket(noc!, { id, assigneeId: nocId, version: 1 }),
      () => setTicketPriority(manager!, { id, impact: 'high', urgency: 'high', version: 1 }),
      () => commentOnTicket(noc!, { id, body: 'Watching the graphs' }),
    ];
    const outcomes = await race(N, (i) => commands[i % commands.length]!());
    const comments = outcomes.filter((_, i) => i % commands.length === 4);
    const versioned = outcomes.filter((_, i) => i % commands.length !== 4);
    expect(comments.every((o) => o.ok)).toBe(true);
    expect(versioned.filter((o) => o.ok)).toHaveLength(1);
    for (const o of versioned) if (!o.ok) expect(o.error.code).toBe('CONFLICT');
    expect((await ticketRow(db, id)).version).toBe(2);
    await expectIntactChain(db, id, 1 + comments.length + 1);
  });

  it(`${N} tickets created at once get distinct numbers and one chain each`, async () => {
    const [noc] = await contexts(world, ['noc@watchfloor.test']);
    const outcomes = await race(N, (i) =>
      createTicket(noc!, outageInput(world, { title: `Alert storm ${i}` })),
    );
    const created = outcomes.map((o) => {
      if (!o.ok) throw o.error;
      return o.value;
    });
    expect(new Set(created.map((c) => c.number)).size).toBe(N);
    for (const { id } of created) await expectIntactChain(db, id, 1);
  });
});

// Real parallelism needs real connections: these hold row locks from outside the service.
const postgres: TestEngine[] = testEngines().filter((e) => e.engine === 'postgres');

describe.each(postgres)('contention on $engine', ({ open }) => {
  let handle: DatabaseHandle;
  let db: Database;
  let world: DemoWorld;

  useDemoWorld({ open }, (setup) => ({ handle, db, world } = setup));

  /** Another session, outside the pool the services use (which the race will exhaust). */
  async function outsider() {
    const client = new pg.Client({ connectionString: handle.pool!.options.connectionString });
    await client.connect();
    return client;
  }

  /** Polls (outside any transaction, so each look is fresh) until `blocked` sessions wait on a lock. */
  async function waitUntilBlocked(watcher: pg.Client, blocked: number) {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const { rows } = await watcher.query<{ n: string }>(
        `select count(*) as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`,
      );
      if (Number(rows[0]!.n) >= blocked) return;
      if (Date.now() > deadline)
        throw new Error(`only ${rows[0]!.n} of ${blocked} sessions reached the lock`);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  it(`${N} transitions queued behind one lock and released together: exactly one wins`, async () => {
    const staff = await contexts(world, ['noc@watchfloor.test', 'admin@watchfloor.test']);
    const { id } = await createTicket(staff[0]!, outageInput(world));
    const blocker = await outsider();
    const watcher = await outsider();
    try {
      await blocker.query('begin');
      await blocker.query('select id from tickets where id = $1 for update', [id]);
      // ACKs with and without the version, HOLDs only with it: whichever commits first, the rest must fail.
      const pending = race(N, (i) =>
        transitionTicket(
          staff[i % 2]!,
          i % 3 === 0
            ? { id, event: { type: 'HOLD', reason: 'vendor' }, version: 1 }
            : { id, event: { type: 'ACK' }, version: i % 2 ? 1 : undefined },
        ),
      );
      // Every pooled connection (20) is now inside a transaction waiting for the same row.
      await waitUntilBlocked(watcher, 20);
      await blocker.query('commit');
      const outcomes = await pending;
      expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
      expect(['CONFLICT', 'PRECONDITION_FAILED', 'ok']).toEqual(expect.arrayContaining(codes(outcomes)));
      expect((await ticketRow(db, id)).version).toBe(2);
      await expectIntactChain(db, id, 2);
    } finally {
      await blocker.end();
      await watcher.end();
    }
  });

  it('links in opposite directions never deadlock: each either lands on both timelines or answers CONFLICT', async () => {
    const [noc] = await contexts(world, ['noc@watchfloor.test']);
    const a = await ticketIn(world, 'outage', 'investigating');
    const b = await ticketIn(world, 'outage', 'investigating');
    const eventsBefore = { a: (await eventsOf(db, a.id)).length, b: (await eventsOf(db, b.id)).length };
    const outcomes = await race(N, (i) =>
      i % 2
        ? linkTickets(noc!, { id: a.id, target: { id: b.id }, type: 'relates_to' })
        : linkTickets(noc!, { id: b.id, target: { id: a.id }, type: 'relates_to' }),
    );
    expect(['CONFLICT', 'ok']).toEqual(expect.arrayContaining(codes(outcomes)));
    const linked = outcomes.filter((o) => o.ok && o.value.linked).length;
    const rows = await db
      .select()
      .from(ticketLinks)
      .where(
        or(
          and(eq(ticketLinks.fromTicketId, a.id), eq(ticketLinks.toTicketId, b.id)),
          and(eq(ticketLinks.fromTicketId, b.id), eq(ticketLinks.toTicketId, a.id)),
        ),
      );
    expect(rows).toHaveLength(linked);
    // Each link added is one event on each ticket, no more, no less.
    await expectIntactChain(db, a.id, eventsBefore.a + linked);
    await expectIntactChain(db, b.id, eventsBefore.b + linked);

    // "Relates to" has no direction, so exactly one of the racers may have linked.
    expect(linked).toBeLessThanOrEqual(1);
    // Once the dust settles, linking either way again is a no-op, and the tickets still move.
    await linkTickets(noc!, { id: a.id, target: { id: b.id }, type: 'relates_to' });
    await linkTickets(noc!, { id: b.id, target: { id: a.id }, type: 'relates_to' });
    await drive(noc!, a.id, [{ type: 'IDENTIFY' }]);
    const final = await db
      .select()
      .from(ticketLinks)
      .where(or(eq(ticketLinks.fromTicketId, a.id), eq(ticketLinks.fromTicketId, b.id)));
    expect(final).toHaveLength(1);
    await expectIntactChain(db, a.id, eventsBefore.a + 1 + 1);
    await expectIntactChain(db, b.id, eventsBefore.b + 1);
  });
});

// A command that waits for a ticket's row lock must decide on the SLA state the lock holder committed.
// Under READ COMMITTED a `SELECT … FOR UPDATE` that waited re-reads the locked row, but evaluates the rest of
// the statement in the snapshot it took before waiting: SLA rows read in the locking statement itself would
// be the ones from before the other command. Only PostgreSQL has concurrent transactions to show it.
describe.each(postgres)('a command queued on the ticket lock on $engine', ({ open }) => {
  let db: Database;
  let world: DemoWorld;
  useDemoWorld({ open, clock: testClock('2026-05-01T08:00:00.000Z'), sla: true }, (setup) => {
    ({ db, world } = setup);
  });

  /** Resolves once some backend of this database waits for a lock (the queued command's). */
  async function someoneWaitsForALock() {
    for (let attempt = 0; attempt < 500; attempt++) {
      const [row] = await queryRows<{ waiting: number | string }>(
        db,
        sql`select count(*) as waiting from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock'`,
      );
      if (Number(row?.waiting) > 0) return;
      // Polling another connection's state, not waiting for time to pass: nothing here depends on the delay.
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('the second command never queued on the lock');
  }

  it('RESUME queued behind HOLD sees the paused clock HOLD committed and resumes it', async () => {
    const noc = await world.as('noc@watchfloor.test');
    const { id } = await createTicket(noc, outageInput(world, { impact: 'high', urgency: 'high' }));
    await drive(noc, id, [{ type: 'ACK' }, { type: 'INVESTIGATE' }]);
    expect((await clocksOf(db, id)).resolution?.state).toBe('running');

    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let held!: () => void;
    const holding = new Promise<void>((resolve) => {
      held = resolve;
    });
    // HOLD commits only once RESUME is queued on the ticket's lock.
    const hold = db.transaction(async (tx) => {
      await transitionTicket({ ...noc, db: tx }, { id, event: { type: 'HOLD', reason: 'vendor' } });
      held();
      await released;
    });
    await holding;
    const resume = transitionTicket(noc, { id, event: { type: 'RESUME' } });
    await someoneWaitsForALock();
    release();
    await hold;
    await resume;

    const ticket = await queryRows<{ status: string }>(db, sql`select status from tickets where id = ${id}`);
    expect(ticket[0]?.status).toBe('investigating');
    // Decided on the stale (running) clock, RESUME would have left it paused for good.
    expect((await clocksOf(db, id)).resolution?.state).toBe('running');
    await expectChainsIntact(db);
  });
});

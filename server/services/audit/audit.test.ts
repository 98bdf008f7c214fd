import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { count, sql } from 'drizzle-orm';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type Database, type DatabaseHandle, openDatabase } from '../../../db/client';
import { migrateDatabase } from '../../../db/migrate';
import { ticketEvents, tickets } from '../../../db/schema';
import { queryRows } from '../../../db/sql';
import { testEngines } from '../../../test/databases';
import { drive, eventsOf, outageInput } from '../../../test/tickets';
import { type DemoWorld, demoWorld } from '../../../test/world';
import { formatTicketNumber, type TicketKind } from '../../../workflows/tickets/constants';
import { GENESIS_HASH, hashEvent } from '../kernel/canonical';
import { sqlState } from '../kernel/db-errors';
import { commentOnTicket } from '../tickets/comment';
import { createTicket } from '../tickets/create';
import { verifyAuditChains } from './verify';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** A ticket with a known history: created, ACK, comment, INVESTIGATE, comment (seq 1–5). */
async function ticketWithHistory(world: DemoWorld) {
  const noc = await world.as('noc@watchfloor.test');
  const created = await createTicket(noc, outageInput(world));
  await drive(noc, created.id, [{ type: 'ACK' }]);
  await commentOnTicket(noc, { id: created.id, body: 'Restarted the edge router' });
  await drive(noc, created.id, [{ type: 'INVESTIGATE' }]);
  await commentOnTicket(noc, { id: created.id, body: 'Errors are back', visibility: 'public' });
  return created;
}

/** Runs raw SQL as the table owner with the append-only trigger off, as an intruder with DBA rights would. */
async function tamper(db: Database, statement: ReturnType<typeof sql>) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`alter table ticket_events disable trigger ticket_events_no_update_delete`);
    await tx.execute(statement);
    await tx.execute(sql`alter table ticket_events enable trigger ticket_events_no_update_delete`);
  });
}

async function totals(db: Database) {
  const [t] = await db.select({ n: count() }).from(tickets);
  const [e] = await db.select({ n: count() }).from(ticketEvents);
  return { tickets: t!.n, events: e!.n };
}

describe.each(testEngines())('audit log on $engine', ({ open }) => {
  const handles: DatabaseHandle[] = [];
  /** Each test gets its own database: a tampered chain must not leak into the next test. */
  async function freshWorld() {
    const handle = await open();
    handles.push(handle);
    return { db: handle.db, world: await demoWorld(handle.db) };
  }
  afterEach(async () => {
    for (const handle of handles.splice(0)) await handle.close();
  });

  it('verifies a clean database, counting every ticket and event', async () => {
    const { db, world } = await freshWorld();
    const { id } = await ticketWithHistory(world);
    const expected = await totals(db);
    expect(expected.tickets).toBeGreaterThan(1);
    expect(await verifyAuditChains(db)).toEqual({
      ticketsChecked: expected.tickets,
      eventsChecked: expected.events,
      firstBreak: null,
    });
    expect(await verifyAuditChains(db, { ticketId: id })).toEqual({
      ticketsChecked: 1,
      eventsChecked: 5,
      firstBreak: null,
    });
    // The chain is what the design says: genesis, then each row hashing its content and its predecessor.
    const events = await eventsOf(db, id);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(events[0]!.prevHash).toBe(GENESIS_HASH);
    for (const [i, event] of events.entries()) {
      expect(event.hash).toBe(hashEvent(event));
      if (i > 0) expect(event.prevHash).toBe(events[i - 1]!.hash);
    }
  });

  it('refuses UPDATE, DELETE and TRUNCATE at the database', async () => {
    const { db, world } = await freshWorld();
    const { id } = await ticketWithHistory(world);
    const before = await eventsOf(db, id);
    const attempts = [
      sql`update ticket_events set actor_label = 'someone else' where ticket_id = ${id} and seq = 2`,
      sql`update ticket_events set payload = '{}'::jsonb where ticket_id = ${id}`,
      sql`delete from ticket_events where ticket_id = ${id} and seq = 5`,
      sql`truncate ticket_events`,
    ];
    for (const attempt of attempts) {
      const error = await db.execute(attempt).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, String(attempt.queryChunks[0])).not.toBeNull();
      expect(sqlState(error)).toBe('42501');
      expect(String((error as { cause?: Error }).cause?.message ?? error)).toMatch(/append-only/);
    }
    expect(await eventsOf(db, id)).toEqual(before);
  });

  it('holds hash and type formats at the database: lowercase hex of 64, a dotted lowercase type', async () => {
    const { db, world } = await freshWorld();
    const { id } = await ticketWithHistory(world);
    const [head] = await db.select({ seq: tickets.eventSeq }).from(tickets).where(sql`id = ${id}`);
    const good = 'ab'.repeat(32);
    const append = (hash: string, prevHash: string, type: string) =>
      db.transaction(async (tx) => {
        await tx.execute(sql`insert into ticket_events (ticket_id, seq, type, actor_type, actor_label, payload,
          occurred_at, prev_hash, hash) values (${id}, ${head!.seq + 1}, ${type}, 'system', 'test', '{}'::jsonb,
          now(), ${prevHash}, ${hash})`);
        throw new Error('accepted');
      });
    const refused = async (hash: string, prevHash: string, type: string) =>
      sqlState(await append(hash, prevHash, type).catch((e: unknown) => e));
    // Accepted (then rolled back): the boundaries of each rule.
    await expect(append(good, good, 'ab')).rejects.toThrow('accepted');
    await expect(append(good, good, `a${'.'.repeat(63)}`)).rejects.toThrow('accepted');
    for (const bad of [
      'AB'.repeat(32),
      'ab'.repeat(31),
      `${good}a`,
      `${'ab'.repeat(31)}ag`,
      ` ${good.slice(1)}`,
    ]) {
      expect(await refused(bad, good, 'sla.breached'), bad).toBe('23514');
      expect(await refused(good, bad, 'sla.breached'), bad).toBe('23514');
    }
    for (const bad of ['a', '1ab', 'Sla.breached', 'sla-breached', 'sla breached', `a${'b'.repeat(64)}`]) {
      expect(await refused(good, good, bad), bad).toBe('23514');
    }
    const head64 = async (hash: string) =>
      sqlState(
        await db
          .execute(sql`update tickets set event_hash = ${hash} where id = ${id}`)
          .catch((e: unknown) => e),
      );
    expect(await head64('ab'.repeat(31))).toBe('23514');
    expect(await head64('Ab'.repeat(32))).toBe('23514');
  });

  it('detects one changed byte in a payload and names the ticket and sequence', async () => {
    const { db, world } = await freshWorld();
    await ticketWithHistory(world);
    const target = await ticketWithHistory(world);
    await ticketWithHistory(world);
    await tamper(
      db,
      sql`update ticket_events set payload = jsonb_set(payload, '{body}', '"Restarted the edge routes"')
          where ticket_id = ${target.id} and seq = 3`,
    );
    const [row] = (await eventsOf(db, target.id)).filter((e) => e.seq === 3);
    expect(row!.payload.body).toBe('Restarted the edge routes');
    const result = await verifyAuditChains(db);
    expect(result.firstBreak).toEqual({
      ticket: target.number,
      seq: 3,
      reason: 'content does not match its hash',
    });
    expect((await verifyAuditChains(db, { ticketId: target.id })).firstBreak).toMatchObject({
      ticket: target.number,
      seq: 3,
    });
  });

  it('detects a changed actor label', async () => {
    const { db, world } = await freshWorld();
    const target = await ticketWithHistory(world);
    await tamper(
      db,
      sql`update ticket_events set actor_label = 'noc@watchfloor.tesT' where ticket_id = ${target.id} and seq = 2`,
    );
    expect((await verifyAuditChains(db)).firstBreak).toEqual({
      ticket: target.number,
      seq: 2,
      reason: 'content does not match its hash',
    });
  });

  it('detects a rewritten row whose hash was recomputed, at the next row', async () => {
    const { db, world } = await freshWorld();
    const target = await ticketWithHistory(world);
    const [original] = (await eventsOf(db, target.id)).filter((e) => e.seq === 2);
    const forged = { ...original!, occurredAt: new Date(original!.occurredAt.getTime() - 3_600_000) };
    await tamper(
      db,
      sql`update ticket_events set occurred_at = ${forged.occurredAt.toISOString()}, hash = ${hashEvent(forged)}
          where ticket_id = ${target.id} and seq = 2`,
    );
    expect((await verifyAuditChains(db, { ticketId: target.id })).firstBreak).toEqual({
      ticket: target.number,
      seq: 3,
      reason: 'prev_hash does not match the previous row',
    });
  });

  it('detects a deleted middle row as a sequence gap', async () => {
    const { db, world } = await freshWorld();
    const target = await ticketWithHistory(world);
    await tamper(db, sql`delete from ticket_events where ticket_id = ${target.id} and seq = 3`);
    const result = await verifyAuditChains(db);
    expect(result.firstBreak).toEqual({
      ticket: target.number,
      seq: 4,
      reason: 'expected sequence 3, found 4',
    });
  });

  it('detects deleted newest events against the head kept on the ticket', async () => {
    const { db, world } = await freshWorld();
    const target = await ticketWithHistory(world);
    const events = await eventsOf(db, target.id);
    await tamper(
      db,
      sql`delete from ticket_events where ticket_id = ${target.id} and seq = ${events.length}`,
    );
    expect((await verifyAuditChains(db)).firstBreak).toEqual({
      ticket: target.number,
      seq: events.length,
      reason: `the chain ends at sequence ${events.length - 1} but the ticket records its head at ${events.length}`,
    });
  });

  it('detects a ticket whose whole history was deleted', async () => {
    const { db, world } = await freshWorld();
    const target = await ticketWithHistory(world);
    await tamper(db, sql`delete from ticket_events where ticket_id = ${target.id}`);
    expect((await verifyAuditChains(db)).firstBreak).toEqual({
      ticket: target.number,
      seq: 1,
      reason: 'ticket has no audit events',
    });
  });

  it('verifies every chain of a database larger than one page of tickets', async () => {
    const { db, world } = await freshWorld();
    const noc = await world.as('noc@watchfloor.test');
    // verify pages through tickets 500 at a time; a bug there would silently skip chains.
    for (let i = (await totals(db)).tickets; i < 505; i++) {
      await createTicket(noc, outageInput(world, { title: `Bulk ${i}` }));
    }
    const all = await totals(db);
    expect(all.tickets).toBe(505);
    expect(await verifyAuditChains(db)).toEqual({
      ticketsChecked: 505,
      eventsChecked: all.events,
      firstBreak: null,
    });
    // A break in the chain with the greatest id, which only the second page reaches.
    const [last] = await queryRows<{ id: string; kind: TicketKind; number: number }>(
      db,
      sql`select id, kind, number from tickets order by id desc limit 1`,
    );
    await tamper(db, sql`update ticket_events set type = 'ticket.renamed' where ticket_id = ${last!.id}`);
    expect((await verifyAuditChains(db)).firstBreak).toEqual({
      ticket: formatTicketNumber(last!.kind, last!.number),
      seq: 1,
      reason: 'content does not match its hash',
    });
  });
});

describe('audit:verify CLI', () => {
  let dir: string | undefined;
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const env: NodeJS.ProcessEnv = { ...process.env, WATCHFLOOR_DATA_DIR: dir };
    delete env.DATABASE_URL;
    return new Promise((resolve) => {
      execFile(
        path.join(root, 'node_modules/.bin/tsx'),
        ['scripts/audit-verify.ts', ...args],
        { cwd: root, env, timeout: 60_000 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
  }

  async function withDataDir<T>(fn: (db: Database, world: DemoWorld) => Promise<T>): Promise<T> {
    // The CLI opens <WATCHFLOOR_DATA_DIR>/pglite; PGlite allows one process per data directory, so close first.
    const handle = await openDatabase({ engine: 'pglite', dataDir: path.join(dir!, 'pglite') });
    try {
      await migrateDatabase(handle);
      return await fn(handle.db, await demoWorld(handle.db));
    } finally {
      await handle.close();
    }
  }

  it('exits 0 with OK on a clean chain and 1 naming the break after tampering', {
    timeout: 120_000,
  }, async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'watchfloor-audit-cli-'));
    const target = await withDataDir((_db, world) => ticketWithHistory(world));

    const clean = await runCli(['--ticket', target.number]);
    expect(clean.stderr).not.toMatch(/BROKEN/);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('OK: 1 ticket chains, 5 events verified');

    await withDataDir((db) =>
      tamper(
        db,
        sql`update ticket_events set actor_label = 'intruder' where ticket_id = ${target.id} and seq = 4`,
      ),
    );
    // Whole-database mode finds the one broken chain among the demo tickets.
    const broken = await runCli([]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(
      `BROKEN: ${target.number} at sequence 4: content does not match its hash`,
    );
  });
});

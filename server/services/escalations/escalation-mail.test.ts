import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '../../../db/client';
import { statusDeliveries, users } from '../../../db/schema';
import { testEngines } from '../../../test/databases';
import { handoffRequest } from '../../../test/handoffs';
import { useDemoWorld } from '../../../test/suite';
import { drive, incidentInput, outageInput } from '../../../test/tickets';
import type { demoWorld } from '../../../test/world';
import { requestHandoff } from '../handoffs/request';
import { sweepHandoffEscalations } from '../handoffs/sweep-ola-breaches';
import { NO_LONGER_ALLOWED } from '../notifications/internal/person-recipients';
import { sweepDueClocks } from '../sla/sweep-clocks';
import type { MailMessage } from '../subscriptions/internal/messages';
import {
  type DeliveryTransport,
  retryDelayMs,
  sweepStatusDeliveries,
} from '../subscriptions/sweep-deliveries';
import { createTicket } from '../tickets/create';
import { sweepDueEscalations } from './sweep';

// Escalation notes also go out by e-mail, through the status-page subscribers' outbox (status_deliveries)
// and its sender (the scheduler's subscriber lane), with need-to-know judged when queued and when sent.

const MINUTE = 60_000;

describe.each(testEngines())('escalation e-mail on $engine', ({ open }) => {
  let handle: DatabaseHandle;
  let world: Awaited<ReturnType<typeof demoWorld>>;
  useDemoWorld({ open, sla: true }, (setup) => ({ handle, world } = setup));

  const sent: MailMessage[] = [];
  /** Mail about this ticket number fails (other tickets' escalations share the outbox). */
  let failing: string | null = null;
  const transport: DeliveryTransport = {
    mail: async (message) => {
      if (failing && new RegExp(`^${failing}\\b`).test(message.subject))
        throw new Error(`550 mailbox unavailable for ${message.to}`);
      sent.push(message);
    },
    webhook: async () => {},
  };
  beforeEach(() => {
    vi.stubEnv('WATCHFLOOR_SMTP_URL', 'smtp://mail.watchfloor.test:25');
    vi.stubEnv('NEXTAUTH_URL', 'https://watchfloor.example.net');
    sent.length = 0;
    failing = null;
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  const sweepAll = async () => {
    await sweepDueClocks(handle.db, world.clock.now());
    return sweepDueEscalations(handle.db, world.clock.now());
  };
  const send = () => sweepStatusDeliveries(handle.db, world.clock.now(), transport, { batchSize: 500 });
  const mailsOf = (ticketId: string) =>
    handle.db
      .select({
        email: users.email,
        eventKey: statusDeliveries.eventKey,
        payload: statusDeliveries.payload,
        attempts: statusDeliveries.attempts,
        nextAttemptAt: statusDeliveries.nextAttemptAt,
        deliveredAt: statusDeliveries.deliveredAt,
        failedAt: statusDeliveries.failedAt,
        lastError: statusDeliveries.lastError,
      })
      .from(statusDeliveries)
      .innerJoin(users, eq(users.id, statusDeliveries.userId))
      .where(eq(statusDeliveries.ticketId, ticketId));
  const sentAbout = (number: string) => sent.filter((m) => new RegExp(`^${number}\\b`).test(m.subject));
  const newOutage = async () =>
    createTicket(await world.as('noc@watchfloor.test'), {
      title: 'Mail relay queueing',
      organisationId: world.org('acme').id,
      impact: 'medium',
      urgency: 'high',
    });
  const newIncident = async (title: string) =>
    createTicket(await world.as('soc@watchfloor.test'), incidentInput(world, { title }));

  it('queues an outage’s escalation e-mail for each person its note reached, once, and the sender mails it', async () => {
    const { id, number } = await newOutage();
    world.clock.advance(11 * MINUTE); // 10 min unacknowledged → team NOC
    await sweepAll();
    await sweepAll();
    const queued = await mailsOf(id);
    expect(queued.map((q) => q.email)).toContain('noc@watchfloor.test');
    expect(new Set(queued.map((q) => `${q.email} ${q.eventKey}`)).size).toBe(queued.length);
    expect(queued[0]!.payload).toEqual({
      kind: 'ticket.escalated',
      ticketKind: 'outage',
      ticketNumber: number,
      level: 1,
      title: 'Mail relay queueing',
    });
    await send();
    const mine = sentAbout(number);
    expect(mine.map((m) => m.to).sort()).toEqual(queued.map((q) => q.email).sort());
    const toNoc = mine.find((m) => m.to === 'noc@watchfloor.test')!;
    expect(toNoc.subject).toBe(`${number} escalated (level 1): Mail relay queueing`);
    expect(toNoc.text).toContain(`https://watchfloor.example.net/tickets/${number}`);
    expect((await mailsOf(id)).every((q) => q.deliveredAt !== null)).toBe(true);
    // Delivered once: the next round sends nothing more about it.
    await send();
    expect(sentAbout(number)).toHaveLength(mine.length);
  });

  it('mails nobody who may not read a security incident, and those who may get no title', async () => {
    const title = 'Admin console brute force from one ASN';
    const { id, number } = await newIncident(title);
    world.clock.advance(11 * MINUTE); // level 1: team NOC, who may not read it
    await sweepAll();
    expect(await mailsOf(id)).toEqual([]);
    world.clock.advance(20 * MINUTE); // response breached → level 2: managers
    await sweepAll();
    const queued = await mailsOf(id);
    expect(queued.map((q) => q.email)).toEqual(['manager@watchfloor.test']);
    expect(queued[0]!.payload).toMatchObject({ ticketKind: 'security', level: 2, title: null });
    expect(JSON.stringify(queued)).not.toContain(title);
    await send();
    const [mail, ...more] = sentAbout(number);
    expect(more).toEqual([]);
    expect(mail!.to).toBe('manager@watchfloor.test');
    expect(mail!.subject).toBe(`${number} escalated (level 2)`);
    expect(`${mail!.subject}\n${mail!.text}`).not.toContain(title);
    expect(mail!.text).toContain(`/tickets/${number}`);
  });

  it('retries a failed send with the outbox’s backoff, storing the error without the address', async () => {
    const { id, number } = await newOutage();
    world.clock.advance(11 * MINUTE);
    await sweepAll();
    const queued = await mailsOf(id);
    failing = number;
    await send();
    failing = null;
    const failed = await mailsOf(id);
    expect(failed.every((q) => q.attempts === 1 && q.deliveredAt === null && q.failedAt === null)).toBe(true);
    expect(failed[0]!.nextAttemptAt).toEqual(new Date(world.clock.now().getTime() + retryDelayMs(1)));
    expect(failed[0]!.lastError).toContain('550 mailbox unavailable');
    for (const q of failed) expect(q.lastError).not.toContain(q.email);
    expect(sentAbout(number)).toEqual([]);
    world.clock.advance(retryDelayMs(1));
    await send();
    expect(sentAbout(number)).toHaveLength(queued.length);
    expect((await mailsOf(id)).every((q) => q.attempts === 2 && q.deliveredAt !== null)).toBe(true);
  });

  it('gives up, unsent, the mail of someone who may no longer read the ticket when it is sent', async () => {
    const { id, number } = await newIncident('Exfiltration over DNS');
    world.clock.advance(31 * MINUTE); // both levels; managers are mailed
    await sweepAll();
    expect((await mailsOf(id)).map((q) => q.email)).toEqual(['manager@watchfloor.test']);
    // Before the sender runs, the manager is moved to the NOC (who may not read security incidents).
    const [manager] = await handle.db.select().from(users).where(eq(users.email, 'manager@watchfloor.test'));
    await handle.db.update(users).set({ role: 'noc_engineer' }).where(eq(users.id, manager!.id));
    try {
      await send();
    } finally {
      await handle.db.update(users).set({ role: manager!.role }).where(eq(users.id, manager!.id));
    }
    expect(sentAbout(number)).toEqual([]);
    const [row] = await mailsOf(id);
    expect(row).toMatchObject({ lastError: NO_LONGER_ALLOWED, deliveredAt: null });
    expect(row!.failedAt).not.toBeNull();
  });

  it('mails the SOC and managers of a handoff nobody accepted in time, without its hypothesis', async () => {
    const noc = await world.as('noc@watchfloor.test');
    const outage = await createTicket(noc, outageInput(world));
    await drive(noc, outage.id, [{ type: 'ACK' }, { type: 'INVESTIGATE' }]);
    const request = handoffRequest(outage.id, world.clock.now());
    await requestHandoff(noc, request);
    world.clock.advance(16 * MINUTE);
    await sweepDueClocks(handle.db, world.clock.now());
    await sweepHandoffEscalations(handle.db, world.clock.now());
    const queued = await mailsOf(outage.id);
    expect(queued.map((q) => q.email).sort()).toEqual(['manager@watchfloor.test', 'soc@watchfloor.test']);
    expect(JSON.stringify(queued)).not.toContain(request.hypothesis);
    await send();
    const mails = sentAbout(outage.number);
    expect(mails.map((m) => m.subject)).toEqual([
      `${outage.number}: handoff to the SOC not accepted in time`,
      `${outage.number}: handoff to the SOC not accepted in time`,
    ]);
    for (const m of mails) expect(m.text).not.toContain(request.hypothesis);
  });

  it('queues nothing without an SMTP server, and keeps in-app notes working', async () => {
    vi.stubEnv('WATCHFLOOR_SMTP_URL', '');
    const { id } = await newOutage();
    world.clock.advance(11 * MINUTE);
    const { fired } = await sweepAll();
    expect(fired).toBeGreaterThan(0);
    expect(await mailsOf(id)).toEqual([]);
  });

  it('enforces one recipient per outbox row in SQL', async () => {
    const { id } = await newOutage();
    const [noc] = await handle.db.select().from(users).where(eq(users.email, 'noc@watchfloor.test'));
    await expect(
      handle.db.insert(statusDeliveries).values({
        userId: noc!.id,
        eventKey: 'x',
        payload: {},
        nextAttemptAt: world.clock.now(),
        createdAt: world.clock.now(),
      }),
    ).rejects.toMatchObject({ cause: { code: '23514' } });
    await expect(
      handle.db.insert(statusDeliveries).values({
        eventKey: 'y',
        ticketId: id,
        payload: {},
        nextAttemptAt: world.clock.now(),
        createdAt: world.clock.now(),
      }),
    ).rejects.toMatchObject({ cause: { code: '23514' } });
  });
});

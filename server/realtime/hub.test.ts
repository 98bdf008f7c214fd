import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Audience, JudgeAudience } from '../services/notifications/internal/live-audience';
import type { LiveBatch, LiveTicket } from './events';
import type { FeedHandlers, OpenFeed } from './feed';
import { type HubOptions, LiveHub } from './hub';
import { LiveStreamClosed } from './subscriber';

// The hub alone: a feed and an audience judge the test controls, real (zero-length) burst timers.

const WAIT = { timeout: 5_000, interval: 5 };
const ticket = (n: number, kind: LiveTicket['kind'] = 'outage'): LiveTicket => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  number: `${kind === 'outage' ? 'OUT' : 'SEC'}-${n}`,
  kind,
});
const [T1, T2, T3, SECRET] = [ticket(1), ticket(2), ticket(3), ticket(99, 'security')];
const ALL = [T1, T2, T3, SECRET];

/** A feed the test drives: notifications, losing and regaining the LISTEN. */
function fakeFeed() {
  let handlers: FeedHandlers | undefined;
  const feed = {
    closed: false,
    open: (async (h) => {
      handlers = h;
      h.up();
      return {
        close: async () => {
          feed.closed = true;
        },
      };
    }) as OpenFeed,
    notify: (...tickets: LiveTicket[]) => {
      for (const t of tickets) handlers!.change(JSON.stringify({ id: t.id, version: 1 }));
    },
    raw: (payload: string) => handlers!.change(payload),
    down: () => handlers!.down('test'),
    up: () => handlers!.up(),
  };
  return feed;
}

/** Who reads what: per user, an epoch and the tickets they read in full; `active: false` = deactivated. */
type People = Record<string, { epoch: number; sees: LiveTicket[]; active?: boolean }>;

function fakeJudge(people: People) {
  const calls: { tickets: string[]; users: string[] }[] = [];
  let failing = false;
  const judge: JudgeAudience = async (ticketIds, userIds) => {
    calls.push({ tickets: [...ticketIds], users: [...userIds] });
    if (failing) throw new Error('database unreachable');
    const tickets = new Map(ALL.filter((t) => ticketIds.includes(t.id)).map((t) => [t.id, t]));
    const viewers: Audience['viewers'] = new Map(
      userIds
        .filter((u) => people[u] && people[u].active !== false)
        .map((u) => [
          u,
          {
            epoch: people[u]!.epoch,
            visible: new Set(people[u]!.sees.map((t) => t.id).filter((id) => ticketIds.includes(id))),
          },
        ]),
    );
    return { tickets, viewers };
  };
  return {
    judge,
    calls,
    /** Calls that judged a burst (not a session check or a subscription start). */
    bursts: () => calls.filter((c) => c.tickets.length > 0),
    fail: (on: boolean) => {
      failing = on;
    },
  };
}

const hubs: LiveHub[] = [];
afterEach(async () => {
  for (const hub of hubs.splice(0)) await hub.close();
});

function setup(people: People, options: Partial<HubOptions> = {}) {
  const feed = fakeFeed();
  const judge = fakeJudge(people);
  const logs: string[] = [];
  const hub = new LiveHub({
    openFeed: feed.open,
    judge: judge.judge,
    burstMs: 0,
    log: (m) => logs.push(m),
    ...options,
  });
  hubs.push(hub);
  /** A subscriber and the means to read its events and to hang up. */
  function subscribe(userId: string, lastEventId?: string) {
    const controller = new AbortController();
    const stream = hub.stream(userId, { lastEventId, signal: controller.signal });
    // The generator runs (and subscribes) on its first next(); keep that one pending read in hand.
    let pending: Promise<IteratorResult<LiveBatch>> | null = null;
    const read = () => {
      pending ??= stream.next();
      return pending;
    };
    return {
      stream,
      /** Subscribes now (the first read starts the generator) and waits until the hub counts it. */
      async ready(expectedSize: number) {
        void read().catch(() => {});
        await vi.waitFor(() => expect(hub.size).toBe(expectedSize), WAIT);
        // The subscription's own start (its epoch read) is done once it is counted and judged.
        await vi.waitFor(() => expect(judge.calls.some((c) => c.users.includes(userId))).toBe(true), WAIT);
      },
      async next(): Promise<LiveBatch> {
        const result = await read();
        pending = null;
        if (result.done) throw new Error('the stream ended');
        return result.value;
      },
      async end(): Promise<IteratorResult<LiveBatch>> {
        const result = await read();
        pending = null;
        return result;
      },
      hangUp: () => controller.abort(),
    };
  }
  return { hub, feed, judge, logs, subscribe };
}

const numbers = (batch: LiveBatch) =>
  batch.event.type === 'changed' ? batch.event.tickets.map((t) => t.number) : [];

describe('live hub', () => {
  it('fans one notification out to every subscriber who may hear of it, with one judgement per burst', async () => {
    const { feed, judge, subscribe } = setup({
      ann: { epoch: 0, sees: [T1] },
      bob: { epoch: 0, sees: [T1] },
    });
    const ann = subscribe('ann');
    const bob = subscribe('bob');
    await ann.ready(1);
    await bob.ready(2);
    feed.notify(T1);
    expect(numbers(await ann.next())).toEqual(['OUT-1']);
    expect(numbers(await bob.next())).toEqual(['OUT-1']);
    expect(judge.bursts()).toEqual([{ tickets: [T1.id], users: ['ann', 'bob'] }]);
  });

  it('tells each subscriber only of the tickets they read in full', async () => {
    const { feed, subscribe } = setup({
      soc: { epoch: 0, sees: [T1, SECRET] },
      noc: { epoch: 0, sees: [T1] },
    });
    const soc = subscribe('soc');
    const noc = subscribe('noc');
    await soc.ready(1);
    await noc.ready(2);
    feed.notify(SECRET);
    feed.notify(T1);
    const socHeard = [await soc.next()];
    while (!socHeard.flatMap(numbers).includes('OUT-1')) socHeard.push(await soc.next());
    expect(socHeard.flatMap(numbers).sort()).toEqual(['OUT-1', 'SEC-99']);
    const nocHeard = await noc.next();
    expect(numbers(nocHeard)).toEqual(['OUT-1']);
    expect(JSON.stringify(nocHeard)).not.toContain(SECRET.id);
    expect(JSON.stringify(nocHeard)).not.toContain(SECRET.number);
  });

  it('coalesces what a slow reader has not taken yet, and past its limit replaces it with one resync', async () => {
    const { feed, judge, subscribe } = setup({ ann: { epoch: 0, sees: [T1, T2, T3] } }, { maxPending: 2 });
    const ann = subscribe('ann');
    await ann.ready(1);
    // The first event is taken at once; the rest queue up while Ann is not reading.
    feed.notify(T1);
    expect(numbers(await ann.next())).toEqual(['OUT-1']);
    feed.notify(T1);
    feed.notify(T2);
    await vi.waitFor(() => expect(judge.bursts()).toHaveLength(2), WAIT);
    feed.notify(T1, T1, T2);
    await vi.waitFor(() => expect(judge.bursts()).toHaveLength(3), WAIT);
    expect(numbers(await ann.next()).sort()).toEqual(['OUT-1', 'OUT-2']);
    // Three distinct tickets queued with room for two: one resync stands for all of them.
    feed.notify(T1);
    await vi.waitFor(() => expect(judge.bursts()).toHaveLength(4), WAIT);
    feed.notify(T2, T3);
    await vi.waitFor(() => expect(judge.bursts()).toHaveLength(5), WAIT);
    expect((await ann.next()).event).toEqual({ type: 'resync' });
  });

  it('forgets a subscriber that hangs up, mid-wait or between events, and stops judging for it', async () => {
    const { hub, feed, judge, subscribe } = setup({
      ann: { epoch: 0, sees: [T1] },
      bob: { epoch: 0, sees: [T1] },
    });
    const ann = subscribe('ann');
    const bob = subscribe('bob');
    await ann.ready(1);
    await bob.ready(2);
    // Ann hangs up while her stream waits for an event.
    ann.hangUp();
    expect((await ann.end()).done).toBe(true);
    expect(hub.size).toBe(1);
    feed.notify(T1);
    expect(numbers(await bob.next())).toEqual(['OUT-1']);
    expect(judge.bursts().at(-1)!.users).toEqual(['bob']);
    // Bob's consumer stops after an event (the stream is parked at its yield).
    await bob.stream.return(undefined);
    expect(hub.size).toBe(0);
    feed.notify(T1);
    await hub.checkSessions();
    expect(judge.bursts()).toHaveLength(1); // nobody to judge for
  });

  it("refuses a stream beyond the person's or the process's limit, and admits one again once a slot frees", async () => {
    const { hub, feed, subscribe } = setup(
      { ann: { epoch: 0, sees: [T1] }, bob: { epoch: 0, sees: [T1] }, cy: { epoch: 0, sees: [T1] } },
      { maxPerUser: 2, maxSubscribers: 3 },
    );
    const ann1 = subscribe('ann');
    const ann2 = subscribe('ann');
    await ann1.ready(1);
    await ann2.ready(2);
    // Ann's third tab is refused; her open ones keep working.
    await expect(subscribe('ann').end()).rejects.toMatchObject({
      name: 'LiveStreamClosed',
      code: 'TOO_MANY_REQUESTS',
    });
    expect(hub.size).toBe(2);
    const bob = subscribe('bob');
    await bob.ready(3);
    // The process is full: Cy is refused although he holds nothing.
    await expect(subscribe('cy').end()).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    feed.notify(T1);
    expect(numbers(await ann1.next())).toEqual(['OUT-1']);
    expect(numbers(await ann2.next())).toEqual(['OUT-1']);
    expect(numbers(await bob.next())).toEqual(['OUT-1']);
    // A tab closes: the next one gets in.
    ann2.hangUp();
    expect((await ann2.end()).done).toBe(true);
    const cy = subscribe('cy');
    await cy.ready(3);
  });

  it('ends the stream of a revoked or deactivated session at the next check', async () => {
    const people: People = { ann: { epoch: 3, sees: [T1] }, bob: { epoch: 0, sees: [T1] } };
    const { hub, feed, subscribe } = setup(people);
    const ann = subscribe('ann');
    const bob = subscribe('bob');
    await ann.ready(1);
    await bob.ready(2);
    people.ann!.epoch = 4; // sign out everywhere
    await hub.checkSessions();
    await expect(ann.end()).rejects.toMatchObject({ name: 'LiveStreamClosed', code: 'UNAUTHORIZED' });
    people.bob!.active = false; // deactivated: noticed with the next burst already
    feed.notify(T1);
    await expect(bob.end()).rejects.toBeInstanceOf(LiveStreamClosed);
    expect(hub.size).toBe(0);
  });

  it('resumes from the last event id with what was missed, judged afresh', async () => {
    const { feed, subscribe } = setup({ ann: { epoch: 0, sees: [T1, T2] } });
    const first = subscribe('ann');
    await first.ready(1);
    feed.notify(T1);
    const seen = await first.next();
    first.hangUp();
    await first.end();
    feed.notify(SECRET, T2); // while disconnected: one of them is not Ann's to hear of
    const again = subscribe('ann', seen.id);
    const missed = await again.next();
    expect(numbers(missed)).toEqual(['OUT-2']);
    // Up to date: resuming from the newest id replays nothing, and live events follow.
    const latest = subscribe('ann', missed.id);
    await latest.ready(2);
    feed.notify(T1);
    expect(numbers(await latest.next())).toEqual(['OUT-1']);
  });

  it('asks a resuming subscriber to reload when it cannot say what was missed', async () => {
    const { hub, feed, subscribe } = setup({ ann: { epoch: 0, sees: [T1, T2, T3] } }, { historySize: 2 });
    const first = subscribe('ann');
    await first.ready(1);
    feed.notify(T1);
    const seen = await first.next();
    first.hangUp();
    await first.end();
    // Another process's id, an id from the future, an id of no format of ours.
    for (const id of [`ffffffffffff.${seen.id.split('.')[1]}`, `${hub.boot}.999`, 'nonsense'])
      expect((await subscribe('ann', id).next()).event, id).toEqual({ type: 'resync' });
    // Too far back: more notifications since than the hub remembers.
    feed.notify(T1, T2, T3, T1, T2);
    expect((await subscribe('ann', seen.id).next()).event).toEqual({ type: 'resync' });
  });

  it('while the feed is down, streams end as unavailable and a resume across the gap reloads', async () => {
    const { hub, feed, subscribe } = setup({ ann: { epoch: 0, sees: [T1] } });
    const ann = subscribe('ann');
    await ann.ready(1);
    feed.notify(T1);
    const seen = await ann.next();
    feed.down();
    await expect(ann.end()).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    await expect(subscribe('ann').next()).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(hub.size).toBe(0);
    feed.up();
    expect((await subscribe('ann', seen.id).next()).event).toEqual({ type: 'resync' });
  });

  it('sends a resync, naming nothing, when a burst cannot be judged; ignores payloads not of ours', async () => {
    const { feed, judge, logs, subscribe } = setup({ ann: { epoch: 0, sees: [T1, T2] } });
    const ann = subscribe('ann');
    await ann.ready(1);
    feed.raw('not json');
    feed.raw(JSON.stringify({ id: 'not-a-uuid', version: 1 }));
    judge.fail(true);
    feed.notify(T1);
    expect((await ann.next()).event).toEqual({ type: 'resync' });
    expect(logs.some((m) => /could not judge/.test(m))).toBe(true);
    judge.fail(false);
    feed.notify(T2);
    expect(numbers(await ann.next())).toEqual(['OUT-2']);
    expect(judge.bursts().map((c) => c.tickets)).toEqual([[T1.id], [T2.id]]);
  });

  it('closing ends every stream and the feed', async () => {
    const { hub, feed, subscribe } = setup({ ann: { epoch: 0, sees: [] } });
    const ann = subscribe('ann');
    await ann.ready(1);
    await hub.close();
    expect((await ann.end()).done).toBe(true);
    expect(feed.closed).toBe(true);
    hubs.splice(0);
  });
});

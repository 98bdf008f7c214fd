import { randomBytes } from 'node:crypto';
import { componentLog } from '../observability/log';
import type { JudgeAudience } from '../services/notifications/internal/live-audience';
import { formatCursor, parseCursor } from './cursor';
import type { LiveBatch } from './events';
import type { ChangeFeed, OpenFeed } from './feed';
import { parseTicketChanged } from './schemas';
import { feedUnavailable, hubFull, Subscriber, sessionRevoked, tooManyForPerson } from './subscriber';

export interface HubOptions {
  openFeed: OpenFeed;
  judge: JudgeAudience;
  /** How long notifications gather into one burst (one audience query) before fan-out. */
  burstMs?: number;
  /** How often every subscriber's session is checked while nothing changes (revocation, deactivation). */
  sessionCheckMs?: number;
  /** Distinct tickets queued for a subscriber who is not reading before it collapses into a resync. */
  maxPending?: number;
  /**
   * Open streams one person may hold (tabs, windows, devices); one more is refused (TOO_MANY_REQUESTS) and
   * its browser retries with backoff, so the open ones keep working rather than being evicted in turn.
   */
  maxPerUser?: number;
  /** Open streams this process holds in all: each costs a connection and a little memory, never a query. */
  maxSubscribers?: number;
  /** Notifications remembered for resuming subscribers; a resume from further back reloads instead. */
  historySize?: number;
  log?: (message: string) => void;
  /** Tells this hub's event ids from another process's (random by default). */
  boot?: string;
}

/** A remembered notification: a ticket id, or a gap in the feed (changes went unheard). */
type Remembered = { seq: number; ticketId: string } | { seq: number; gap: true };

/**
 * The per-process fan-out of `ticket_changed` (DESIGN §1, §3 live views). One feed (one LISTEN) per
 * process, however many subscribers. Notifications are numbered as they arrive and gathered into bursts;
 * each burst costs ONE audience query for all subscribers together (who is still signed in, and who reads
 * which of the burst's tickets in full), then every subscriber gets the tickets they may hear of and
 * nothing else: a restricted incident's id or number never reaches someone without need-to-know. The
 * same query, run every `sessionCheckMs` while subscribers are open, ends the streams of revoked sessions.
 * Subscribers resume after a reconnect from their last event id when this hub still remembers it.
 */
export class LiveHub {
  readonly boot: string;
  private readonly options: Required<Omit<HubOptions, 'boot'>>;
  private readonly subscribers = new Set<Subscriber>();
  private seq = 0;
  private history: Remembered[] = [];
  /** Ticket id → its latest notification, gathered for the next burst. */
  private burst = new Map<string, number>();
  private burstTimer: ReturnType<typeof setTimeout> | undefined;
  private flushing: Promise<void> | null = null;
  private sessionTimer: ReturnType<typeof setInterval> | undefined;
  private feed: Promise<ChangeFeed> | null = null;
  private feedUp = false;
  private closed = false;

  constructor(options: HubOptions) {
    this.boot = options.boot ?? randomBytes(6).toString('hex');
    this.options = {
      burstMs: 25,
      sessionCheckMs: 15_000,
      maxPending: 200,
      maxPerUser: 12,
      maxSubscribers: 5_000,
      historySize: 2_000,
      log: componentLog('live'),
      ...options,
    };
  }

  /** Open subscriptions (for tests and diagnostics). */
  get size(): number {
    return this.subscribers.size;
  }

  /** Whether the feed is listening now (for tests and diagnostics). */
  get listening(): boolean {
    return this.feedUp;
  }

  /**
   * The events for one signed-in person until `signal` aborts (the browser went away) or the stream ends
   * with an error: UNAUTHORIZED once their session is revoked, SERVICE_UNAVAILABLE while the feed is down
   * (the browser retries). `lastEventId` resumes after that event.
   */
  async *stream(
    userId: string,
    options: { lastEventId?: string | null; signal?: AbortSignal } = {},
  ): AsyncGenerator<LiveBatch> {
    const { signal } = options;
    if (signal?.aborted) return;
    await this.start();
    if (!this.feedUp || this.closed) throw feedUnavailable();
    this.admitStream(userId);
    const subscriber = new Subscriber(userId, this.seq, this.options.maxPending);
    this.subscribers.add(subscriber);
    this.watchSessions();
    const onAbort = () => subscriber.end();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort(); // gone while the feed was opening
    try {
      await this.catchUp(subscriber, options.lastEventId ?? null);
      while (true) {
        const next = subscriber.take();
        if (next) {
          yield { id: formatCursor({ boot: this.boot, seq: next.seq }), event: next.event };
          continue;
        }
        if (subscriber.closed) break;
        await subscriber.changed();
      }
      if (subscriber.error) throw subscriber.error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      subscriber.end();
      this.subscribers.delete(subscriber);
      if (this.subscribers.size === 0) this.unwatchSessions();
    }
  }

  /** Refuses a stream beyond the person's or the process's limit (checked and added with no await between). */
  private admitStream(userId: string): void {
    const { maxPerUser, maxSubscribers } = this.options;
    if (this.subscribers.size >= maxSubscribers) throw hubFull();
    let own = 0;
    for (const s of this.subscribers) if (s.userId === userId) own += 1;
    if (own >= maxPerUser) throw tooManyForPerson(maxPerUser);
  }

  /** Checks every subscriber's session now (the timer calls it; tests may too). */
  async checkSessions(): Promise<void> {
    const subscribers = [...this.subscribers];
    if (subscribers.length === 0) return;
    try {
      const audience = await this.options.judge([], unique(subscribers.map((s) => s.userId)));
      for (const s of subscribers)
        if (!this.admit(s, audience.viewers.get(s.userId))) s.end(sessionRevoked());
    } catch (error) {
      this.options.log(`session check failed, trying again later: ${messageOf(error)}`);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.burstTimer);
    this.unwatchSessions();
    for (const s of this.subscribers) s.end();
    await this.flushing;
    const feed = this.feed;
    this.feed = null;
    await (await feed?.catch(() => null))?.close();
  }

  /** Opens the feed on the first subscription; a failed open is forgotten so the next one tries again. */
  private async start(): Promise<void> {
    if (!this.feed) {
      const opening = this.options.openFeed({
        change: (payload) => this.onChange(payload),
        up: () => this.onUp(),
        down: (reason) => this.onDown(reason),
      });
      this.feed = opening;
      opening.catch((error) => {
        if (this.feed === opening) this.feed = null;
        this.options.log(`cannot listen for live updates: ${messageOf(error)}`);
      });
    }
    await this.feed.catch(() => {});
  }

  private onChange(payload: string): void {
    const change = parseTicketChanged(payload);
    if (!change || this.closed) return;
    this.seq += 1;
    this.remember({ seq: this.seq, ticketId: change.id });
    this.burst.set(change.id, this.seq);
    this.burstTimer ??= setTimeout(() => {
      this.burstTimer = undefined;
      void this.flush();
    }, this.options.burstMs);
  }

  private onUp(): void {
    // Whatever happened while not listening went unheard: a resume from before here must reload.
    if (this.seq > 0 || this.history.length > 0) {
      this.seq += 1;
      this.remember({ seq: this.seq, gap: true });
    }
    this.feedUp = true;
  }

  private onDown(reason: string): void {
    this.feedUp = false;
    // Telling browsers "live" while changes go unheard would be a lie: they show "reconnecting…" and retry.
    for (const s of this.subscribers) s.end(feedUnavailable());
    this.options.log(`live updates paused: ${reason}`);
  }

  private remember(entry: Remembered): void {
    this.history.push(entry);
    // Trimmed in halves, so remembering stays O(1) amortised.
    if (this.history.length >= 2 * this.options.historySize)
      this.history = this.history.slice(-this.options.historySize);
  }

  /** One burst at a time, in order, so every subscriber's position only moves forward. */
  private flush(): Promise<void> {
    this.flushing ??= (async () => {
      try {
        while (this.burst.size > 0 && !this.closed) {
          const burst = this.burst;
          this.burst = new Map();
          await this.deliver(burst);
        }
      } finally {
        this.flushing = null;
      }
    })();
    return this.flushing;
  }

  private async deliver(burst: Map<string, number>): Promise<void> {
    const subscribers = [...this.subscribers];
    if (subscribers.length === 0) return;
    const upTo = Math.max(...burst.values());
    let audience: Awaited<ReturnType<JudgeAudience>>;
    try {
      audience = await this.options.judge([...burst.keys()], unique(subscribers.map((s) => s.userId)));
    } catch (error) {
      // Unjudged, nothing may be sent; a resync names no ticket, and the page reloads what it may show.
      this.options.log(`could not judge a burst of ${burst.size} changes: ${messageOf(error)}`);
      for (const s of subscribers) s.resyncFrom(upTo);
      return;
    }
    for (const s of subscribers) {
      if (s.closed) continue;
      const viewer = audience.viewers.get(s.userId);
      if (!this.admit(s, viewer)) {
        s.end(sessionRevoked());
        continue;
      }
      for (const [ticketId, seq] of burst) {
        const ticket = audience.tickets.get(ticketId);
        if (seq > s.since && ticket && viewer!.visible.has(ticketId)) s.push(ticket);
      }
      s.advance(upTo);
    }
  }

  /**
   * A resuming subscriber gets what it missed (judged for it alone, in one query), or a resync when this
   * hub cannot say (another process's id, too far back, a gap in the feed); a new one gets its session
   * epoch read, so a revocation from now on ends it.
   */
  private async catchUp(subscriber: Subscriber, lastEventId: string | null): Promise<void> {
    let missed: string[] = [];
    let resync = false;
    if (lastEventId) {
      const cursor = parseCursor(lastEventId);
      const oldest = this.history[0]?.seq ?? subscriber.since + 1;
      if (!cursor || cursor.boot !== this.boot || cursor.seq > subscriber.since || cursor.seq < oldest - 1)
        resync = true;
      else {
        const since = this.history.filter((e) => e.seq > cursor.seq && e.seq <= subscriber.since);
        resync = since.some((e) => 'gap' in e);
        if (!resync) missed = unique(since.flatMap((e) => ('ticketId' in e ? [e.ticketId] : [])));
      }
    }
    try {
      const audience = await this.options.judge(missed, [subscriber.userId]);
      const viewer = audience.viewers.get(subscriber.userId);
      if (!this.admit(subscriber, viewer)) {
        subscriber.end(sessionRevoked());
        return;
      }
      for (const id of missed) {
        const ticket = audience.tickets.get(id);
        if (ticket && viewer!.visible.has(id)) subscriber.push(ticket);
      }
      if (resync) subscriber.resyncFrom(subscriber.since);
    } catch (error) {
      this.options.log(`could not start a live subscription: ${messageOf(error)}`);
      subscriber.end(feedUnavailable());
    } finally {
      subscriber.release();
    }
  }

  /** Still signed in: active, and in the session epoch the subscription started in. */
  private admit(subscriber: Subscriber, viewer: { epoch: number } | undefined): boolean {
    if (!viewer) return false;
    subscriber.epoch ??= viewer.epoch;
    return viewer.epoch === subscriber.epoch;
  }

  private watchSessions(): void {
    if (this.sessionTimer) return;
    this.sessionTimer = setInterval(() => void this.checkSessions(), this.options.sessionCheckMs);
    this.sessionTimer.unref?.();
  }

  private unwatchSessions(): void {
    clearInterval(this.sessionTimer);
    this.sessionTimer = undefined;
  }
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

import type { LiveEvent, LiveTicket } from './events';

/** Why a stream ended early: the router answers these as the tRPC error of the same code. */
export class LiveStreamClosed extends Error {
  readonly code: 'UNAUTHORIZED' | 'SERVICE_UNAVAILABLE' | 'TOO_MANY_REQUESTS';
  constructor(code: LiveStreamClosed['code'], message: string) {
    super(message);
    this.name = 'LiveStreamClosed';
    this.code = code;
  }
}

export const sessionRevoked = () =>
  new LiveStreamClosed('UNAUTHORIZED', 'Your session has ended; sign in again for live updates');
export const tooManyForPerson = (limit: number) =>
  new LiveStreamClosed(
    'TOO_MANY_REQUESTS',
    `Live updates are open in ${limit} other tabs or windows already; close one and this one follows`,
  );
export const hubFull = () =>
  new LiveStreamClosed('TOO_MANY_REQUESTS', 'Live updates are at capacity right now; retrying shortly');
export const feedUnavailable = () =>
  new LiveStreamClosed('SERVICE_UNAVAILABLE', 'Live updates are unavailable for a moment; reconnecting');

/** What the subscriber's next event will say, and the position it brings them to. */
export interface Pending {
  event: LiveEvent;
  seq: number;
}

/**
 * One open subscription. Deliveries never wait for the browser: the hub pushes, the stream takes when the
 * connection can send. Meanwhile changes coalesce by ticket (a ticket that changed five times is one entry),
 * and past `maxPending` distinct tickets the queue collapses into one `resync`, so a slow or stalled
 * connection costs a bounded amount of memory and never holds up anyone else.
 */
export class Subscriber {
  /** users.session_epoch when the subscription started (the first read after the session check). */
  epoch: number | undefined;
  private readonly queued = new Map<string, LiveTicket>();
  private resync = false;
  /** The last notification judged for this subscriber (delivered, or not theirs to hear of). */
  private position: number;
  private ended = false;
  private failure: LiveStreamClosed | null = null;
  private wake: (() => void) | null = null;
  /** Until the hub has replayed what a resuming subscriber missed, nothing newer may overtake it. */
  private held = true;

  constructor(
    readonly userId: string,
    /** Notifications up to here happened before the subscription (or were replayed by the hub). */
    readonly since: number,
    private readonly maxPending: number,
  ) {
    this.position = since;
  }

  get closed(): boolean {
    return this.ended;
  }

  push(ticket: LiveTicket): void {
    if (this.ended || this.resync) return;
    this.queued.set(ticket.id, ticket);
    if (this.queued.size > this.maxPending) this.resyncFrom(this.position);
    this.notify();
  }

  /** Everything up to `seq` has been judged for this subscriber. */
  advance(seq: number): void {
    if (seq > this.position) this.position = seq;
  }

  /** The subscriber may have missed changes: one `resync` replaces whatever was queued. */
  resyncFrom(seq: number): void {
    if (this.ended) return;
    this.advance(seq);
    this.resync = true;
    this.queued.clear();
    this.notify();
  }

  /** Lets events flow (after the hub's replay for a resume). */
  release(): void {
    this.held = false;
    this.notify();
  }

  /** Ends the stream: normally, or with the error the browser is to be told. */
  end(failure?: LiveStreamClosed): void {
    if (this.ended) return;
    this.ended = true;
    this.failure = failure ?? null;
    this.queued.clear();
    this.notify();
  }

  /** The next event, if one is due. */
  take(): Pending | null {
    if (this.held || this.ended) return null;
    if (this.resync) {
      this.resync = false;
      return { event: { type: 'resync' }, seq: this.position };
    }
    if (this.queued.size === 0) return null;
    const tickets = [...this.queued.values()];
    this.queued.clear();
    return { event: { type: 'changed', tickets }, seq: this.position };
  }

  /** Resolves once there may be something to take (or the subscription ended). */
  changed(): Promise<void> {
    if (this.ended || (!this.held && (this.resync || this.queued.size > 0))) return Promise.resolve();
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  /** The error the stream ends with, if it ended with one. */
  get error(): LiveStreamClosed | null {
    return this.failure;
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}

import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** The channel every ticket writer notifies, inside its transaction (kernel/engine.ts). */
export const TICKET_CHANGED = 'ticket_changed';

export interface FeedHandlers {
  /** A notification's payload, as sent. */
  change(payload: string): void;
  /** Listening (again). After a `down`, changes in between went unheard. */
  up(): void;
  /** Not listening: changes go unheard until the next `up`. */
  down(reason: string): void;
}

export interface ChangeFeed {
  close(): Promise<void>;
}

/** Starts listening; resolves once the first attempt is over (listening, or down and retrying). */
export type OpenFeed = (handlers: FeedHandlers) => Promise<ChangeFeed>;

/** The embedded engine is this process: its LISTEN cannot be lost. */
export function pgliteFeed(pglite: PGlite): OpenFeed {
  return async (handlers) => {
    const unlisten = await pglite.listen(TICKET_CHANGED, handlers.change);
    handlers.up();
    return { close: () => unlisten() };
  };
}

export interface RetryPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
  /** 0 ≤ random() < 1; the delay is jittered to 50–100 % so a restarted server is not hit in lockstep. */
  random: () => number;
}

const DEFAULT_RETRY: RetryPolicy = { firstDelayMs: 250, maxDelayMs: 30_000, random: Math.random };

/**
 * PostgreSQL: one connection of its own for the whole process (never a pool connection, which it would hold
 * forever, and never one per subscriber), LISTENing on `ticket_changed`. The server may drop it at any time
 * (restart, failover, idle timeout, an administrator): the loss is reported (`down`) and the feed connects
 * again with exponential backoff until it listens (`up`). TCP keep-alive finds a silently dead peer.
 */
export function postgresFeed(
  config: pg.ClientConfig,
  log: (message: string) => void,
  retry: RetryPolicy = DEFAULT_RETRY,
): OpenFeed {
  return async (handlers) => {
    let closed = false;
    let current: pg.Client | null = null;
    let failures = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const again = () => {
      if (closed) return;
      const base = Math.min(retry.maxDelayMs, retry.firstDelayMs * 2 ** failures);
      failures += 1;
      timer = setTimeout(() => void attempt(), Math.round(base * (0.5 + retry.random() / 2)));
      timer.unref?.();
    };

    const attempt = async (): Promise<void> => {
      timer = undefined;
      if (closed) return;
      const client = new pg.Client({ ...config, keepAlive: true, application_name: 'watchfloor-live' });
      // Changed by the connection's events too (closures), so typed wide: not narrowed to its first value.
      let phase = 'connecting' as 'connecting' | 'listening' | 'gone';
      const lose = (reason: string) => {
        const was = phase;
        if (was === 'gone') return;
        phase = 'gone';
        // Late errors from a connection given up on are no longer news.
        client.removeAllListeners('notification');
        client.on('error', () => {});
        client.end().catch(() => {});
        if (was === 'listening' && !closed) {
          current = null;
          log(`lost the live-update listener (${reason}); listening again`);
          handlers.down(reason);
          again();
        }
      };
      client.on('error', (error) => lose(error.message));
      client.on('end', () => lose('connection closed'));
      client.on('notification', (message) => {
        if (message.channel === TICKET_CHANGED && message.payload !== undefined)
          handlers.change(message.payload);
      });
      try {
        await client.connect();
        await client.query(`listen ${TICKET_CHANGED}`);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        lose(reason);
        log(`cannot listen for live updates yet (${reason}); retrying`);
        again();
        return;
      }
      if (phase === 'gone') {
        again(); // lost between connecting and listening
        return;
      }
      if (closed) {
        lose('closed');
        return;
      }
      phase = 'listening';
      current = client;
      failures = 0;
      handlers.up();
    };

    await attempt();
    if (!current) handlers.down('not connected yet');
    return {
      async close() {
        closed = true;
        clearTimeout(timer);
        const client = current;
        current = null;
        if (!client) return;
        client.removeAllListeners('end');
        await client.query(`unlisten ${TICKET_CHANGED}`).catch(() => {});
        await client.end().catch(() => {});
      },
    };
  };
}

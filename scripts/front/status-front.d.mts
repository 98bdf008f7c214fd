// Types of status-front.mjs (plain JavaScript: the production server runs it with node, untranspiled).
import type { IncomingMessage, ServerResponse } from 'node:http';

export declare const STATUS_FRONT_KEY: unique symbol;

export interface StatusFrontOptions {
  /** Milliseconds since the epoch; injected by tests. */
  now?: () => number;
  /** How long an entry is served as it is (default 10 s). */
  ttlMs?: number;
  /** How much longer it is served while one request refreshes it (default 10 s). */
  staleMs?: number;
  /** How long a request waits for another one's render before asking Next itself (default 10 s). */
  waitLimitMs?: number;
  newNonce?: () => string;
  /** Timers for that wait; injected by tests. */
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (timer: never) => void;
}

export interface StatusFront {
  handle(req: IncomingMessage, res: ServerResponse, next: () => unknown): unknown;
  invalidate(slug?: string): void;
  stats: { hits: number; stale: number; coalesced: number; misses: number; bypassed: number; stored: number };
  size(): number;
  bytes(): number;
}

export declare function createStatusFront(options?: StatusFrontOptions): StatusFront;
export declare function cacheKeyOf(req: IncomingMessage): { key: string; slug: string } | null;
export declare function etagMatches(ifNoneMatch: string | undefined, etag: string | undefined): boolean;

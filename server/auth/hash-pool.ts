import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * bcrypt on worker threads. bcryptjs is plain JavaScript: on the main thread, 40 concurrent sign-ins at
 * cost 12 keep the event loop busy for seconds and every other request waits behind them. Here each hash
 * runs on one of a few threads (as many as cores), jobs beyond them wait in a bounded queue, and the
 * event loop only posts messages.
 */

export type HashJob =
  | { op: 'hash'; password: string; cost: number }
  | { op: 'compare'; password: string; hash: string };
type Result<J extends HashJob> = J extends { op: 'hash' } ? string : boolean;

/** The queue is full: the caller should answer "try again shortly" rather than wait without bound. */
export class HasherBusyError extends Error {
  constructor() {
    super('Password hashing is busy');
    this.name = 'HasherBusyError';
  }
}

interface Pending {
  id: number;
  job: HashJob;
  resolve: (value: string | boolean) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  current: Pending | null;
}

export interface HashPoolOptions {
  /** Worker threads; default: the number of cores (at most 8). */
  size?: number;
  /** Jobs waiting for a thread before new ones are refused with HasherBusyError. */
  maxQueue?: number;
}

/**
 * The worker is a plain .mjs file read at run time (like the migrations), so that neither Next's bundler
 * nor Vitest's transform has to know how to build a worker entry point.
 */
function workerFile(): string {
  return path.join(/*turbopackIgnore: true*/ process.cwd(), 'server', 'auth', 'hash-worker.mjs');
}

export class HashPool {
  readonly size: number;
  readonly maxQueue: number;
  /** Jobs finished, successfully or not: lets tests see that a comparison really ran. */
  completed = 0;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: HashPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? Math.min(availableParallelism(), 8));
    this.maxQueue = Math.max(0, options.maxQueue ?? 64 * this.size);
  }

  run<J extends HashJob>(job: J): Promise<Result<J>> {
    if (this.closed) return Promise.reject(new Error('The hash pool is closed'));
    return new Promise<string | boolean>((resolve, reject) => {
      const pending: Pending = { id: this.nextId++, job, resolve, reject };
      const idle = this.slots.find((s) => !s.current) ?? this.spawn();
      if (idle) this.start(idle, pending);
      else if (this.queue.length >= this.maxQueue) reject(new HasherBusyError());
      else this.queue.push(pending);
    }) as Promise<Result<J>>;
  }

  /** Stops every thread; jobs still waiting are refused. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('The hash pool is closed'));
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }

  private spawn(): Slot | null {
    if (this.slots.length >= this.size) return null;
    const slot: Slot = { worker: new Worker(workerFile()), current: null };
    slot.worker.on('message', (message: { id: number; result?: string | boolean; error?: string }) => {
      const done = slot.current;
      if (!done || done.id !== message.id) return;
      if (message.error !== undefined) done.reject(new Error(message.error));
      else done.resolve(message.result!);
      this.finish(slot);
    });
    // A thread that dies takes only its own job with it; the next job gets a fresh thread.
    const lost = (error: Error) => {
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1);
      if (slot.current) {
        slot.current.reject(error);
        slot.current = null;
        this.completed++;
      }
      const next = this.queue.shift();
      if (next && !this.closed) {
        const replacement = this.spawn();
        if (replacement) this.start(replacement, next);
        else this.queue.unshift(next);
      }
    };
    slot.worker.on('error', lost);
    slot.worker.on('exit', (code) => {
      if (this.slots.includes(slot)) lost(new Error(`Hash worker exited with code ${code}`));
    });
    slot.worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private start(slot: Slot, pending: Pending) {
    slot.current = pending;
    // Referenced only while working: an idle pool never keeps a script or a test process alive, and a busy
    // one keeps it alive until the awaited hash arrives.
    slot.worker.ref();
    slot.worker.postMessage({ id: pending.id, ...pending.job });
  }

  private finish(slot: Slot) {
    slot.current = null;
    this.completed++;
    const next = this.queue.shift();
    if (next) this.start(slot, next);
    else slot.worker.unref();
  }
}

// One pool per process, kept on globalThis so that Next's dev reloads do not start a new set of threads.
const globalKey = Symbol.for('watchfloor.hashPool');
type GlobalWithPool = typeof globalThis & { [globalKey]?: HashPool };

export function hashPool(): HashPool {
  const g = globalThis as GlobalWithPool;
  g[globalKey] ??= new HashPool();
  return g[globalKey];
}

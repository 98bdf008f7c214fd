// Timing helpers shared by the benchmarks: batched wall-clock measurement with per-batch percentiles,
// a seeded PRNG so runs are reproducible, and a plain-text table.

import type { ChildProcess } from 'node:child_process';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { isMainThread } from 'node:worker_threads';

export interface Measurement {
  calls: number;
  totalMs: number;
  opsPerSec: number;
  /** Nanoseconds per call, from the per-batch averages. */
  p50Ns: number;
  p99Ns: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/**
 * Calls `run(i)` for i in [0, calls) in batches (a single call is too short to time), recording each
 * batch's mean. `run` should return something derived from its result so the work cannot be elided.
 */
export function measure(
  calls: number,
  run: (i: number) => number,
  batch = 10_000,
): Measurement & { sink: number } {
  const perBatch: number[] = [];
  let sink = 0;
  const started = performance.now();
  for (let done = 0; done < calls; done += batch) {
    const end = Math.min(calls, done + batch);
    const t0 = performance.now();
    for (let i = done; i < end; i++) sink += run(i);
    perBatch.push(((performance.now() - t0) * 1e6) / (end - done));
  }
  const totalMs = performance.now() - started;
  perBatch.sort((a, b) => a - b);
  return {
    calls,
    totalMs,
    opsPerSec: calls / (totalMs / 1000),
    p50Ns: percentile(perBatch, 50),
    p99Ns: percentile(perBatch, 99),
    sink,
  };
}

/** mulberry32: small, fast, good enough for benchmark inputs. Returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Heap in use after a full GC when the process runs with --expose-gc, otherwise as is. */
export function heapUsed(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

// ---------------------------------------------------------------------------------------------------
// Latency and concurrency helpers for benchmarks that time individual (possibly asynchronous) calls.

export interface LatencySummary {
  count: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Percentiles of individually timed calls, in milliseconds. */
export function summarizeLatencies(samplesMs: readonly number[]): LatencySummary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const total = sorted.reduce((sum, x) => sum + x, 0);
  return {
    count: sorted.length,
    meanMs: sorted.length ? total / sorted.length : Number.NaN,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
  };
}

/**
 * Runs `work` over `items` with at most `concurrency` in flight; worker w handles one item at a time.
 * The first failure stops the others from taking new items and is rethrown once all have settled, so
 * nothing is still touching the database when the caller cleans up.
 */
export async function runConcurrently<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, worker: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, async (_, w) => {
    while (!failed && next < items.length) {
      const item = items[next++]!;
      try {
        await work(item, w);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  });
  const settled = await Promise.allSettled(workers);
  const rejected = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (rejected) throw rejected.reason;
}

/** CPU used by this process and by the whole machine between start() and the returned stop(). */
export function cpuMeter(): () => { processCpuMs: number; machineBusyPercent: number } {
  const machineTimes = () =>
    os.cpus().reduce(
      (acc, cpu) => {
        const { user, nice, sys, irq, idle } = cpu.times;
        acc.busy += user + nice + sys + irq;
        acc.total += user + nice + sys + irq + idle;
        return acc;
      },
      { busy: 0, total: 0 },
    );
  const process0 = process.cpuUsage();
  const machine0 = machineTimes();
  return () => {
    const used = process.cpuUsage(process0);
    const machine1 = machineTimes();
    const total = machine1.total - machine0.total;
    return {
      processCpuMs: (used.user + used.system) / 1000,
      machineBusyPercent: total > 0 ? (100 * (machine1.busy - machine0.busy)) / total : Number.NaN,
    };
  };
}

/** One line describing the machine a benchmark ran on. */
export function machineDescription(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim().replace(/\s+/g, ' ') ?? 'unknown CPU';
  const memory = (os.totalmem() / 1024 ** 3).toFixed(1);
  return `${model} × ${cpus.length} · ${memory} GiB RAM · Node ${process.version} · ${os.platform()} ${os.release()}`;
}

/**
 * When the file at `moduleUrl` is the script node was started with: runs the benchmark, prints its
 * report and exits 0, or 1 when it left a wrong result (`wrongResult` is printed) or failed.
 */
export function runWhenMain<R extends { ok: boolean }>(
  moduleUrl: string,
  bench: { name: string; run: () => Promise<R>; print: (result: R) => void; wrongResult: string },
): void {
  // A worker thread sees the main script's argv: it imports benchmark modules, it never runs them.
  if (!isMainThread || !process.argv[1] || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  bench
    .run()
    .then((result) => {
      bench.print(result);
      if (!result.ok) {
        console.error(`\nFAIL: ${bench.wrongResult}`);
        process.exit(1);
      }
      process.exit(0);
    })
    .catch((error: unknown) => {
      console.error(`\n${bench.name} failed:`, error);
      process.exit(1);
    });
}

/** Builds the production bundle unless .next holds a build of these sources (the benches that start the server). */
export async function buildIfStale(): Promise<void> {
  // The build helper is plain JavaScript without types; imported by a computed name.
  const buildHelper = '../../scripts/build-if-stale.mjs';
  ((await import(buildHelper)) as { buildIfStale: () => void }).buildIfStale();
}

/**
 * Waits for the started server's /api/health, failing at once if the process exits first; polls every
 * `intervalMs` (the start-to-ready benchmark polls finely).
 */
export async function waitHealthy(url: string, server: ChildProcess, intervalMs = 250): Promise<void> {
  const deadline = performance.now() + 150_000;
  while (performance.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error('the server did not become healthy in 150 s');
}

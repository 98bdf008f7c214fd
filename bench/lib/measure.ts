// Timing helpers shared by the benchmarks: batched wall-clock measurement with per-batch percentiles,
// a seeded PRNG so runs are reproducible, and a plain-text table.

import { performance } from 'node:perf_hooks';

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

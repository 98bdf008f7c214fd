// The figures a benchmark reports to the runner (bench/run.ts), which writes them to bench/results.json
// and bench/results.md: each a measured value, its same-run baseline where there is one, and its target.

export interface Target {
  /** What the target bounds: the value itself or its ratio to the baseline. */
  on: 'value' | 'ratio';
  /** `max`: the figure should be at most `limit`; `min`: at least. */
  kind: 'max' | 'min';
  limit: number;
}

export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  /** value ÷ baseline value (what the ratio targets are stated in). */
  ratio?: number;
  target?: Target;
  /** Whether the target was met; null without a target or without a value. */
  met: boolean | null;
  /** Conditions worth reading next to the value (data size, concurrency, …). */
  note?: string;
}

/** A figure with its ratio and target check filled in. */
export function figure(input: {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  target?: Target;
  note?: string;
}): Figure {
  const ratio =
    input.baseline && Number.isFinite(input.baseline.value) && input.baseline.value !== 0
      ? input.value / input.baseline.value
      : undefined;
  let met: boolean | null = null;
  if (input.target) {
    const x = input.target.on === 'ratio' ? ratio : input.value;
    if (x !== undefined && Number.isFinite(x))
      met = input.target.kind === 'max' ? x <= input.target.limit : x >= input.target.limit;
  }
  return { ...input, ratio, met };
}

export function describeTarget(target: Target | undefined, unit: string): string {
  if (!target) return '';
  const sign = target.kind === 'max' ? '≤' : '≥';
  return target.on === 'ratio' ? `${sign} ${target.limit}×` : `${sign} ${target.limit} ${unit}`;
}

/** Truthy when the benchmarks should run small and short (a smoke test of the runner): BENCH_QUICK=1. */
export function quickMode(): boolean {
  const v = (process.env.BENCH_QUICK ?? '').trim().toLowerCase();
  return v !== '' && v !== '0' && v !== 'false' && v !== 'no';
}

// Runs every benchmark in bench/ in sequence and prints each one's report.
//
//   npx tsx bench/run.ts        (npm run bench)
//
// Benchmarks report speed and never fail on it; the exit code is 1 only when one of them errored or
// left a wrong result (a mismatch against its reference, a broken audit chain …).

import { performance } from 'node:perf_hooks';
import { printBusinessTimeBench, runBusinessTimeBench } from './business-time';
import { printEngineBench, runEngineBench } from './engine';
import { printQueueBench, runQueueBench } from './queue';
import { printSweepBench, runSweepBench } from './sla-sweep';

interface Bench {
  name: string;
  /** Runs and prints the benchmark; answers whether its results were correct. */
  run(): Promise<boolean>;
}

const BENCHES: Bench[] = [
  {
    name: 'engine (npm run bench:engine)',
    async run() {
      const result = await runEngineBench();
      printEngineBench(result);
      return result.ok;
    },
  },
  {
    name: 'business time (npm run bench:sla)',
    async run() {
      const result = runBusinessTimeBench();
      printBusinessTimeBench(result);
      return result.ok;
    },
  },
  {
    name: 'SLA sweep (npm run bench:sla)',
    async run() {
      const result = await runSweepBench();
      printSweepBench(result);
      return result.ok;
    },
  },
  {
    name: 'queues and search (npm run bench:queue)',
    async run() {
      const result = await runQueueBench();
      printQueueBench(result);
      return result.ok;
    },
  },
];

async function main(): Promise<number> {
  const outcomes: { name: string; outcome: string; seconds: number }[] = [];
  for (const bench of BENCHES) {
    console.log(`\n=== ${bench.name} ${'='.repeat(Math.max(3, 96 - bench.name.length))}\n`);
    const started = performance.now();
    let outcome: string;
    try {
      outcome = (await bench.run()) ? 'ok' : 'WRONG RESULT';
    } catch (error) {
      console.error(`\n${bench.name} failed:`, error);
      outcome = 'ERROR';
    }
    outcomes.push({ name: bench.name, outcome, seconds: (performance.now() - started) / 1000 });
  }
  console.log(`\n=== summary ${'='.repeat(88)}\n`);
  for (const { name, outcome, seconds } of outcomes) {
    console.log(`${name.padEnd(40)} ${outcome.padEnd(12)} ${seconds.toFixed(1)} s`);
  }
  return outcomes.every((o) => o.outcome === 'ok') ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

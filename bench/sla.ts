// The SLA benchmarks of issue #4, in sequence: business time (pure), then the sweep (PostgreSQL).
//
//   npx tsx bench/sla.ts        (npm run bench:sla)
//
// Each reports speed against its targets and never fails on it; the exit code is 1 only when one of them
// errored or left a wrong result.

import { pathToFileURL } from 'node:url';
import { printBusinessTimeBench, runBusinessTimeBench } from './business-time';
import { printSweepBench, runSweepBench } from './sla-sweep';

export async function runSlaBenches(): Promise<boolean> {
  let ok = true;
  console.log(`=== business time ${'='.repeat(82)}\n`);
  try {
    const businessTime = runBusinessTimeBench();
    printBusinessTimeBench(businessTime);
    if (!businessTime.ok) {
      console.error('\nFAIL: the fast implementation and the naive reference disagree.');
      ok = false;
    }
  } catch (error) {
    console.error('\nbusiness time failed:', error);
    ok = false;
  }
  console.log(`\n=== SLA sweep ${'='.repeat(86)}\n`);
  try {
    const sweep = await runSweepBench();
    printSweepBench(sweep);
    if (!sweep.ok) {
      console.error('\nFAIL: the sweep left a wrong result behind (see the checks above).');
      ok = false;
    }
  } catch (error) {
    console.error('\nSLA sweep failed:', error);
    ok = false;
  }
  return ok;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runSlaBenches().then(
    (ok) => process.exit(ok ? 0 : 1),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

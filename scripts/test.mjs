// `npm test`: typecheck, lint, unit + integration tests (PGlite; PostgreSQL too with TEST_DATABASE_URL),
// then end-to-end tests in Chromium. Runs every stage, prints the counts, fails if anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const resultsDir = path.join(root, 'test-results');
rmSync(path.join(resultsDir, 'vitest.json'), { force: true });
rmSync(path.join(resultsDir, 'e2e.json'), { force: true });
mkdirSync(resultsDir, { recursive: true });

const stages = [
  ['typecheck', bin('tsc'), ['--noEmit']],
  ['lint', bin('biome'), ['check', '.']],
  [
    'unit + integration',
    bin('vitest'),
    [
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${path.join(resultsDir, 'vitest.json')}`,
    ],
  ],
  ['end-to-end', process.execPath, [path.join(root, 'scripts', 'e2e.mjs')]],
];

const failedStages = [];
for (const [name, command, args] of stages) {
  console.log(`\n=== ${name} ===`);
  const { status } = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (status !== 0) failedStages.push(name);
}

function read(file) {
  const full = path.join(resultsDir, file);
  return existsSync(full) ? JSON.parse(readFileSync(full, 'utf8')) : null;
}
const vitest = read('vitest.json');
const e2e = read('e2e.json');
const passed = (vitest?.numPassedTests ?? 0) + (e2e?.stats.expected ?? 0);
const failed = (vitest?.numFailedTests ?? 0) + (e2e?.stats.unexpected ?? 0) + (e2e?.stats.flaky ?? 0);
const skipped = (vitest?.numPendingTests ?? 0) + (vitest?.numTodoTests ?? 0) + (e2e?.stats.skipped ?? 0);

console.log('\n=== summary ===');
console.log(
  `unit + integration: ${vitest ? `${vitest.numPassedTests} passed, ${vitest.numFailedTests} failed` : 'no results'}`,
);
console.log(
  `end-to-end: ${e2e ? `${e2e.stats.expected} passed, ${e2e.stats.unexpected} failed` : 'no results'}`,
);
if (process.env.TEST_DATABASE_URL) console.log('integration tests ran on PGlite and PostgreSQL');
if (failedStages.length) console.log(`failed stages: ${failedStages.join(', ')}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failedStages.length || failed || !vitest || !e2e ? 1 : 0);

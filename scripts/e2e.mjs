// End-to-end tests: a real Chromium against the production build on its own data directory.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildIfStale } from './build-if-stale.mjs';

const root = path.resolve(import.meta.dirname, '..');

function ensureChromium() {
  const wanted = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(wanted)) return;
  const debian = existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!process.env.CHROMIUM_PATH && debian && root) {
    console.log("[e2e] no Chromium at /usr/bin/chromium: installing Debian's chromium package…");
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const install = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
      stdio: 'inherit',
      env,
    });
    if (update.status === 0 && install.status === 0 && existsSync(wanted)) return;
  }
  console.error(
    `[e2e] no Chromium at ${wanted}. Install Debian's "chromium" package (apt-get install chromium), ` +
      'or point CHROMIUM_PATH at a Chromium or Chrome binary: CHROMIUM_PATH=/path/to/chrome npm test',
  );
  process.exit(1);
}

ensureChromium();
buildIfStale();
const result = spawnSync(
  path.join(root, 'node_modules', '.bin', 'playwright'),
  ['test', ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  },
);
if (existsSync(path.join(root, 'test-results', 'e2e.json'))) {
  const { stats } = JSON.parse(readFileSync(path.join(root, 'test-results', 'e2e.json'), 'utf8'));
  console.log(
    `[e2e] ${stats.expected} passed, ${stats.unexpected} failed, ${stats.skipped} skipped, ${stats.flaky} flaky`,
  );
}
process.exit(result.status ?? 1);

import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

// One production server with a data directory of its own per run (PGlite: one process per directory).
// Set once in the main process; Playwright's workers inherit it.
process.env.E2E_DATA_DIR ??= path.join(tmpdir(), `watchfloor-e2e-${process.pid}-${Date.now()}`);
process.env.E2E_PORT ??= '3210';
const port = Number(process.env.E2E_PORT);
const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // Its own output folder: Playwright empties it at start, and test-results/ also holds Vitest's report.
  outputDir: 'test-results/playwright',
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // Debian's Chromium as root, on a machine without a network beyond loopback.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [{ name: 'chromium' }],
  webServer: {
    // The production server itself (Next behind the status front), started with node directly so the pid
    // Playwright stops is the server's own.
    command: `node scripts/serve.mjs`,
    url: `${baseURL}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      WATCHFLOOR_DATA_DIR: process.env.E2E_DATA_DIR,
      NEXTAUTH_URL: baseURL,
      NEXTAUTH_SECRET: process.env.E2E_AUTH_SECRET ?? randomBytes(32).toString('hex'),
      NEXT_TELEMETRY_DISABLED: '1',
      // The journeys assert what the queues hold: the live demo tickets only, without the month behind them
      // (seed/history.test.ts covers that history). E2E_DEMO_HISTORY=1 runs them against the full demo.
      WATCHFLOOR_DEMO_HISTORY: process.env.E2E_DEMO_HISTORY ?? '0',
      // The subscriptions journey's webhook is the spec's own server on loopback.
      WATCHFLOOR_ALLOW_PRIVATE_WEBHOOKS: '1',
    },
  },
});

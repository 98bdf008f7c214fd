// `npm start`: build when needed, then serve the production build on PORT (default 3000) with the
// embedded database, and say where to go once the server answers healthy.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { buildIfStale } from './build-if-stale.mjs';

const root = path.resolve(import.meta.dirname, '..');
const port = process.env.PORT ?? '3000';
const url = `http://localhost:${port}`;

buildIfStale();

const env = {
  ...process.env,
  PORT: port,
  NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? url,
  NEXT_TELEMETRY_DISABLED: '1',
};
// Next behind the status front (scripts/serve.mjs), as the end-to-end tests and the benchmark run it.
const server = spawn(process.execPath, [path.join(root, 'scripts', 'serve.mjs')], {
  cwd: root,
  env,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

const demo = !['0', 'false', 'off', 'no'].includes((process.env.WATCHFLOOR_DEMO ?? '1').toLowerCase());
const started = Date.now();
async function announceWhenHealthy() {
  for (let attempt = 0; attempt < 240; attempt++) {
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) {
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        console.log(`\nWatchfloor is up at ${url} (healthy after ${seconds} s)`);
        if (demo) {
          console.log('Demo sign-ins, password "watchfloor-demo":');
          for (const who of [
            'admin@watchfloor.test (admin)',
            'manager@watchfloor.test (manager)',
            'noc@watchfloor.test (NOC engineer)',
            'soc@watchfloor.test (SOC analyst)',
            'customer@acme.test (Acme customer)',
            'customer@globex.test (Globex customer)',
          ]) {
            console.log(`  ${who}`);
          }
          console.log(`Public status page: ${url}/status/acme\n`);
        }
        return;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  console.error('[watchfloor] the server did not become healthy within two minutes; see the log above');
}
announceWhenHealthy();

// The production server: Next's request handler behind the status front (scripts/front/status-front.mjs),
// on PORT (default 3000). `npm start`, the end-to-end tests and the status benchmark all run this, so
// what they measure and test is what production serves.
//   node scripts/serve.mjs            (expects a build: `npm run build`, or `npm start` builds when stale)
import { createServer } from 'node:http';
import path from 'node:path';
import { createStatusFront, STATUS_FRONT_KEY } from './front/status-front.mjs';

process.env.NODE_ENV ??= 'production';
// Imported after NODE_ENV is set: Next reads it while loading.
const { default: next } = await import('next');

const root = path.resolve(import.meta.dirname, '..');
const port = Number(process.env.PORT ?? 3000);

// Every interface, as `next start` (HOSTNAME is not read: containers set it to the machine's name).
const app = next({ dev: false, dir: root, port, hostname: 'localhost' });
await app.prepare();
const handleWithNext = app.getRequestHandler();

const front = createStatusFront();
// server/services/status/cache.ts drops a page's entries through this when a status changes.
globalThis[STATUS_FRONT_KEY] = front;

const server = createServer((req, res) => {
  front.handle(req, res, () =>
    handleWithNext(req, res).catch((error) => {
      console.error('[watchfloor] request failed', error);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Internal error\n');
    }),
  );
});
// Longer than a load balancer's idle timeout (commonly 60 s), so it never reuses a socket we closed.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.listen(port, () => console.log(`[watchfloor] listening on port ${port}`));

for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => {
    server.close();
    // As `next start`: in-flight work is the scheduler's, which claims idempotently on the next start.
    setTimeout(() => process.exit(0), 100).unref();
  });

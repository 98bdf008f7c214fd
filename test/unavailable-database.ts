// Databases that cannot be reached, one per engine, as an outage leaves them: PGlite closed (the process
// shutting down), PostgreSQL at an address where nothing listens (the server stopped). Not a test file.
import net from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { type DatabaseHandle, type Engine, fromPglite, fromPostgres } from '../db/client';

/** A loopback port nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface UnavailableEngine {
  engine: Engine;
  open(): Promise<DatabaseHandle>;
}

/** Each engine's unreachable database; use with `describe.each(unavailableEngines())`. */
export function unavailableEngines(): UnavailableEngine[] {
  return [
    {
      engine: 'pglite',
      async open() {
        const pglite = await PGlite.create();
        await pglite.close();
        return { ...fromPglite(pglite), close: async () => {} };
      },
    },
    {
      engine: 'postgres',
      async open() {
        return fromPostgres(`postgres://postgres@127.0.0.1:${await closedPort()}/watchfloor`, 2);
      },
    },
  ];
}

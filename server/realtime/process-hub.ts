import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import type { Database } from '../../db/client';
import { componentLog } from '../observability/log';
import { audienceJudge } from '../services/notifications/internal/live-audience';
import { type OpenFeed, pgliteFeed, postgresFeed } from './feed';
import { LiveHub } from './hub';

// One hub per database per process. Next may load this module once per bundle, hence the global; keyed by
// the database object, so a test's database gets a hub of its own and the app's gets exactly one.
const registryKey = Symbol.for('watchfloor.live-hubs');
type GlobalWithHubs = typeof globalThis & { [registryKey]?: Map<Database, LiveHub> };

function hubs(): Map<Database, LiveHub> {
  const g = globalThis as GlobalWithHubs;
  g[registryKey] ??= new Map();
  return g[registryKey];
}

/** The feed for the driver under a Drizzle database: PGlite's own LISTEN, or a connection of its own. */
function feedFor(db: Database): OpenFeed {
  // Told apart by shape, not instanceof: a bundler may load a second copy of a driver's module.
  const client = (db as unknown as { $client?: Partial<PGlite> & Partial<pg.Pool> }).$client;
  if (typeof client?.listen === 'function') return pgliteFeed(client as unknown as PGlite);
  if (client?.options && typeof client.connect === 'function') {
    const log = componentLog('live');
    return postgresFeed(client.options as pg.ClientConfig, log);
  }
  throw new Error('live updates need a PGlite or node-postgres database');
}

export function liveHubFor(db: Database): LiveHub {
  let hub = hubs().get(db);
  if (!hub) {
    hub = new LiveHub({ openFeed: feedFor(db), judge: audienceJudge(db) });
    hubs().set(db, hub);
  }
  return hub;
}

/** Ends the database's hub (its subscriptions and its LISTEN), before the database itself is closed. */
export async function closeLiveHub(db: Database): Promise<void> {
  const hub = hubs().get(db);
  hubs().delete(db);
  await hub?.close();
}

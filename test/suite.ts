import { afterAll, beforeAll } from 'vitest';
import type { Database, DatabaseHandle } from '../db/client';
import type { TestEngine } from './databases';
import { type DemoWorld, demoWorld, type testClock } from './world';

/**
 * One database for the whole suite: opened in `beforeAll` (after which `ready` may add to it), closed in
 * `afterAll`. Use inside `describe.each(testEngines())` with the engine's `open`.
 */
export function useDatabase(open: TestEngine['open'], ready: (handle: DatabaseHandle) => unknown): void {
  let handle: DatabaseHandle | undefined;
  beforeAll(async () => {
    handle = await open();
    await ready(handle);
  });
  afterAll(() => handle?.close());
}

export interface DemoSetup {
  handle: DatabaseHandle;
  db: Database;
  world: DemoWorld;
}

/**
 * The setup most service suites share: a database of their own with the demo world on it, closed after the
 * last test. `ready` runs in the `beforeAll` hook, so it assigns the suite's variables (and sets up more)
 * before the first test: `useDemoWorld({ open }, (setup) => ({ db, world } = setup))`.
 */
export function useDemoWorld(
  options: { open: TestEngine['open']; clock?: ReturnType<typeof testClock>; sla?: boolean },
  ready: (setup: DemoSetup) => unknown,
): void {
  useDatabase(options.open, async (handle) => {
    const world = await demoWorld(handle.db, options.clock, { sla: options.sla });
    await ready({ handle, db: handle.db, world });
  });
}

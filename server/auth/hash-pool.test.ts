import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { HasherBusyError, HashPool, hashPool } from './hash-pool';
import { hashPassword, verifyPassword } from './password';

describe('bcrypt off the event loop', () => {
  const pools: HashPool[] = [];
  const pool = (options?: ConstructorParameters<typeof HashPool>[0]) => {
    const created = new HashPool(options);
    pools.push(created);
    return created;
  };
  afterAll(async () => {
    for (const p of pools) await p.close();
  });

  // Linux only (CI and production): /proc gives each thread's nice value.
  it.runIf(process.platform === 'linux')('hashes on threads niced below the event loop', async () => {
    const niceOf = (tid: string) =>
      Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);
    const before = new Set(readdirSync('/proc/self/task'));
    const main = niceOf(String(process.pid));
    const hasher = pool({ size: 1 });
    await hasher.run({ op: 'hash', password: 'correct horse battery staple', cost: 4 });
    const started = readdirSync('/proc/self/task').filter((tid) => !before.has(tid));
    // The worker thread and the threads Node starts for it: at least one niced, and the main thread not.
    expect(started.map(niceOf)).toContain(Math.min(19, main + 10));
    expect(niceOf(String(process.pid))).toBe(main);
  });

  it('leaves the event loop idle while concurrent verifications run', async () => {
    // Cost 10: long enough that hashing on this thread would show, short enough for a test.
    const hasher = pool({ size: 2 });
    const hash = await hasher.run({ op: 'hash', password: 'correct horse battery staple', cost: 10 });
    const before = performance.eventLoopUtilization();
    // A setImmediate ping: it only gets turns while nothing hogs the loop.
    let settled = false;
    let pings = 0;
    const ping = () => {
      pings++;
      if (!settled) setTimeout(ping, 1);
    };
    setImmediate(ping);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        verifyPassword(i === 0 ? 'correct horse battery staple' : `guess ${i}`, hash),
      ),
    );
    settled = true;
    const busy = performance.eventLoopUtilization(before).utilization;
    expect(results).toEqual([true, false, false, false, false, false, false, false]);
    // On the main thread bcryptjs keeps the loop ~100 % busy; here the loop only passes messages.
    expect(busy).toBeLessThan(0.5);
    expect(pings).toBeGreaterThan(8);
  });

  it('hashes and verifies through the process pool, and keeps the dummy comparison for unknown accounts', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^\$2[aby]\$04\$/);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    const before = hashPool().completed;
    expect(await verifyPassword('correct horse battery staple', null)).toBe(false);
    // The comparison against the dummy hash ran (plus, the first time, making the dummy hash).
    expect(hashPool().completed - before).toBeGreaterThanOrEqual(1);
    const again = hashPool().completed;
    expect(await verifyPassword('anything', null)).toBe(false);
    expect(hashPool().completed - again).toBe(1);
  });

  it('refuses jobs beyond its bounded queue instead of queueing without limit', async () => {
    const hasher = pool({ size: 1, maxQueue: 1 });
    const running = hasher.run({ op: 'hash', password: 'a', cost: 6 });
    const queued = hasher.run({ op: 'hash', password: 'b', cost: 6 });
    await expect(hasher.run({ op: 'hash', password: 'c', cost: 6 })).rejects.toBeInstanceOf(HasherBusyError);
    expect(await running).toMatch(/^\$2/);
    expect(await queued).toMatch(/^\$2/);
    expect(await hasher.run({ op: 'hash', password: 'd', cost: 4 })).toMatch(/^\$2/);
  });
});

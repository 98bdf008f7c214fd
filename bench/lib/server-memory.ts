// The production server's resident memory on a (large) database under the status and queue load: start
// scripts/serve.mjs on it, sign in as the NOC engineer, then load with autocannon for SECONDS at once
// - the public status page /status/acme and its summary.json (STATUS_CONNECTIONS connections), and
// - the NOC queue (tickets.list, default NOC view, over HTTP with the session; QUEUE_CONNECTIONS),
// sampling VmRSS from /proc/<pid>/status every 200 ms: when ready (idle), the peak and the steady level
// (median of the second half of the run) under load, and after it.

import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { DEMO_PASSWORD } from '../../server/services/seed/demo-data';
import { signInOverHttp, trpcQueryUrl } from './http-session';
import { rssMb, startBenchServer } from './server-process';

const STATUS_CONNECTIONS = 16;
const QUEUE_CONNECTIONS = 8;

export interface MemoryResult {
  startMs: number;
  readyMb: number;
  peakMb: number;
  steadyMb: number;
  afterMb: number;
  requests: number;
  bad: number;
  description: string;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
};

export async function measureServerMemory(options: {
  databaseUrl: string;
  quick: boolean;
  log: (line: string) => void;
}): Promise<MemoryResult> {
  const seconds = Number(process.env.BENCH_MEMORY_SECONDS ?? (options.quick ? 8 : 30));
  const port = Number(process.env.BENCH_MEMORY_PORT ?? 3392);
  options.log(`memory: starting the production server on port ${port}`);
  const server = await startBenchServer({ databaseUrl: options.databaseUrl, port });
  try {
    const pid = server.process.pid;
    const cookie = await signInOverHttp(server.url, 'noc@watchfloor.test', DEMO_PASSWORD);
    const queue = trpcQueryUrl(server.url, 'tickets.list', {
      kind: 'outage',
      openOnly: true,
      sort: 'urgency',
      limit: 50,
    });
    // One of each first: the handlers are loaded and compiled before "ready" is read.
    for (const [path, headers] of [
      [`${server.url}/status/acme`, {}],
      [`${server.url}/status/acme/api/v2/summary.json`, {}],
      [queue, { cookie }],
    ] as const) {
      const response = await fetch(path, { headers });
      if (!response.ok) throw new Error(`${path} answered ${response.status}`);
      await response.arrayBuffer();
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const readyMb = rssMb(pid);
    options.log(`memory: ready at ${readyMb.toFixed(0)} MB; loading for ${seconds} s`);
    const samples: number[] = [];
    const sampler = setInterval(() => samples.push(rssMb(pid)), 200);
    const started = performance.now();
    const [status, list] = await Promise.all([
      autocannon({
        url: server.url,
        connections: STATUS_CONNECTIONS,
        duration: seconds,
        requests: [{ path: '/status/acme' }, { path: '/status/acme/api/v2/summary.json' }],
      }),
      autocannon({
        url: queue,
        connections: QUEUE_CONNECTIONS,
        duration: seconds,
        headers: { cookie },
      }),
    ]);
    clearInterval(sampler);
    const elapsed = (performance.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const afterMb = rssMb(pid);
    const valid = samples.filter(Number.isFinite);
    return {
      startMs: server.startMs,
      readyMb,
      peakMb: Math.max(...valid),
      steadyMb: median(valid.slice(Math.floor(valid.length / 2))),
      afterMb,
      requests: status.requests.total + list.requests.total,
      bad: status.non2xx + status.errors + status.timeouts + list.non2xx + list.errors + list.timeouts,
      description: `${STATUS_CONNECTIONS} connections on /status/acme + summary.json (${Math.round(status.requests.total / elapsed)} req/s), ${QUEUE_CONNECTIONS} on tickets.list (${Math.round(list.requests.total / elapsed)} req/s, p99 ${list.latency.p99} ms), ${seconds} s`,
    };
  } finally {
    await server.stop();
  }
}

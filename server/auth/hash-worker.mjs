// A bcrypt worker thread (see hash-pool.ts): one job at a time, synchronous here because blocking this
// thread is the point, so that the server's event loop never runs a hash.
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import bcrypt from 'bcryptjs';

// Below the request threads: hashing is the one CPU-bound job that can queue up (40 people signing in at
// once), and it should take the cores only when the event loop does not want them, so signed-in requests
// keep their latency (bench/server.ts). On Linux a thread's nice value is its own: setpriority for
// "process 0" changes the calling thread only. Elsewhere, or when not permitted, hash at normal priority.
try {
  setPriority(10);
} catch {
  // not supported or not permitted
}

parentPort.on('message', (job) => {
  try {
    const result =
      job.op === 'hash'
        ? bcrypt.hashSync(job.password, job.cost)
        : bcrypt.compareSync(job.password, job.hash);
    parentPort.postMessage({ id: job.id, result });
  } catch (error) {
    parentPort.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) });
  }
});

// Worker threads do not inherit tsx's loader from the `tsx` command: load the TypeScript program named in
// workerData.entry (relative to this file) through tsx's API.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.entry, import.meta.url);

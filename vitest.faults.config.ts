import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

// `npm run test:faults`: scenarios that start, crash and restart real processes against PostgreSQL
// (faults/*.fault.ts). One file at a time: they load the machine and some stop the database server.
export default defineConfig({
  resolve: {
    alias: {
      '@/': root,
      'server-only': fileURLToPath(new URL('./test/server-only-stub.ts', import.meta.url)),
    },
  },
  test: {
    include: ['faults/**/*.fault.ts'],
    globalSetup: ['./faults/lib/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 300_000,
    pool: 'forks',
    env: { WATCHFLOOR_BCRYPT_COST: '4' },
  },
});

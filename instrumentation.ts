// Runs once when a server process starts: migrate, seed an empty database, start the SLA scheduler, and
// fail fast if the database is unreachable instead of on the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { startServer } = await import('./server/bootstrap');
  await startServer();
}

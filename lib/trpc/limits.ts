// Limits the tRPC client and server agree on. Drizzle-free and server-free: the browser client imports it.

/**
 * Most calls one HTTP request may batch. The server answers a larger batch with 400 before running any
 * of its calls (one POST once ran 800 writes); the client's httpBatchLink splits at the same size.
 */
export const MAX_BATCH_SIZE = 20;

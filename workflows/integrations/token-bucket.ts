// A token bucket per integration key: `perMinute` tokens, refilled continuously, so a burst of up to a
// minute's allowance passes and a steady sender is held to its rate. Pure: the caller keeps the state and
// passes the time.

export interface Bucket {
  tokens: number;
  /** Epoch ms of the last refill. */
  at: number;
}

export type Take = { ok: true; bucket: Bucket } | { ok: false; bucket: Bucket; retryAfterSeconds: number };

export function takeToken(bucket: Bucket | undefined, perMinute: number, nowMs: number): Take {
  const rate = perMinute / 60_000;
  const start = bucket ?? { tokens: perMinute, at: nowMs };
  const tokens = Math.min(perMinute, start.tokens + Math.max(0, nowMs - start.at) * rate);
  if (tokens >= 1) return { ok: true, bucket: { tokens: tokens - 1, at: nowMs } };
  return {
    ok: false,
    bucket: { tokens, at: nowMs },
    retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / rate / 1000)),
  };
}

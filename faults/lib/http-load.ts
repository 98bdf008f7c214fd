// Timed HTTP requests for the fault scenarios: every answer recorded with when it started and ended, its
// status and Retry-After, or the network error or timeout that took its place, so a scenario can say
// what callers saw before, during and after a fault.

import { performance } from 'node:perf_hooks';

export interface Answer {
  kind: string;
  /** performance.now() at the start and the end of the request. */
  startedAt: number;
  endedAt: number;
  /** The HTTP status, or null when there was none (refused, reset, timed out). */
  status: number | null;
  retryAfter: string | null;
  /** Why there was no status: `timeout`, or the network error's code or message. */
  error?: string;
  /** The body, when asked for. */
  body?: string;
}

/** The network error's most telling name: the socket code of fetch's `cause` (ECONNREFUSED…). */
function errorName(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'timeout';
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message ?? String(error);
}

/** One request, never throwing: the answer (body read and dropped) or the error, and the times. */
export async function timedRequest(
  kind: string,
  url: string,
  init: RequestInit,
  timeoutMs: number,
  keepBody = false,
): Promise<Answer> {
  const startedAt = performance.now();
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const body = await response.text();
    return {
      kind,
      startedAt,
      endedAt: performance.now(),
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      ...(keepBody ? { body } : {}),
    };
  } catch (error) {
    return {
      kind,
      startedAt,
      endedAt: performance.now(),
      status: null,
      retryAfter: null,
      error: errorName(error),
    };
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Counts of a list by a key, for readable assertion messages and the report. */
export function tally<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

export const is2xx = (answer: Answer) =>
  answer.status !== null && answer.status >= 200 && answer.status < 300;

/** `503`, `200`, `ECONNREFUSED`, `timeout`: what a caller saw. */
export const seen = (answer: Answer) => (answer.status === null ? answer.error! : String(answer.status));

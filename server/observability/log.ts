import { AsyncLocalStorage } from 'node:async_hooks';

// Structured logs: one JSON object per line on stdout (warn and error on stderr), with the request,
// actor and ticket of the moment when known, so a line can be found from the X-Request-Id a user quotes
// and from a ticket. Secrets never reach a line: fields are redacted by key name (REDACTED_KEY) and a few
// value shapes (Bearer/Basic credentials, URL passwords, a failed query's parameters, bcrypt hashes,
// webhook secrets) wherever they sit, before anything is written.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** What is known about the work a line belongs to; set per HTTP request and by code that knows more. */
export interface LogContext {
  requestId?: string;
  actorId?: string;
  ticketId?: string;
}

/** Keys whose values are never logged, at any depth: credentials, keys, tokens, cookies, signatures. */
export const REDACTED_KEY =
  /authori[sz]ation|cookie|passw(or)?d|passphrase|secret|token|(api|routing|private|signing|integration|access)[-_]?key|^key$|key[-_]?hash|credential|signature/i;
export const REDACTED = '[redacted]';
const CREDENTIAL_VALUE = /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]+/gi;
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:)[^@\s/]+@/gi;
// A failed query's error (drizzle's "Failed query: …\nparams: …") lists the statement's parameters: the
// row being written, with its password hash, key digest or sealed webhook secret. The SQL stays, they go.
const QUERY_PARAMS = /(\nparams: )[^\n]*/g;
// Secrets recognisable by shape, wherever they sit: bcrypt hashes and Standard Webhooks secrets.
const BCRYPT_HASH = /\$2[abxy]\$\d{2}\$[./A-Za-z0-9]{53}/g;
const WEBHOOK_SECRET = /\bwhsec_[A-Za-z0-9+/=]{16,}/g;
const MAX_DEPTH = 6;
const MAX_STRING = 4_000;

function redactString(value: string): string {
  const cleaned = value
    .replace(CREDENTIAL_VALUE, `$1 ${REDACTED}`)
    .replace(URL_PASSWORD, `$1${REDACTED}@`)
    .replace(QUERY_PARAMS, `$1${REDACTED}`)
    .replace(BCRYPT_HASH, REDACTED)
    .replace(WEBHOOK_SECRET, REDACTED);
  return cleaned.length > MAX_STRING ? `${cleaned.slice(0, MAX_STRING - 1)}…` : cleaned;
}

/**
 * A copy of `value` safe to log: values under secret-looking keys replaced, strings scrubbed of
 * credentials, Errors as {name, message, stack, cause}, Headers and Maps as objects, cycles and depth cut.
 */
export function redact(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactString(value);
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? undefined : value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[truncated]';
  seen.add(value);
  if (value instanceof Error) {
    const cause = (value as { cause?: unknown }).cause;
    return redactObject(
      {
        name: value.name,
        message: value.message,
        stack: value.stack,
        ...('code' in value ? { code: (value as { code?: unknown }).code } : {}),
        ...(cause === undefined ? {} : { cause }),
      },
      depth,
      seen,
    );
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1, seen));
  if (typeof Headers !== 'undefined' && value instanceof Headers)
    return redactObject(Object.fromEntries(value.entries()), depth, seen);
  if (value instanceof Map) return redactObject(Object.fromEntries(value.entries()), depth, seen);
  return redactObject(value as Record<string, unknown>, depth, seen);
}

function redactObject(value: Record<string, unknown>, depth: number, seen: WeakSet<object>) {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    out[key] = REDACTED_KEY.test(key) ? REDACTED : redact(item, depth + 1, seen);
  }
  return out;
}

/** One log line (pure): time, level, msg, the context's ids, then the redacted fields. */
export function formatLogLine(
  level: LogLevel,
  msg: string,
  fields: Record<string, unknown> | undefined,
  context: LogContext | undefined,
  now: Date,
): string {
  const line: Record<string, unknown> = { time: now.toISOString(), level, msg: redactString(msg) };
  if (context?.requestId) line.requestId = context.requestId;
  if (context?.actorId) line.actorId = context.actorId;
  if (context?.ticketId) line.ticketId = context.ticketId;
  // Fields never overwrite the line's own keys.
  for (const [key, value] of Object.entries((fields && redact(fields)) ?? {}))
    if (!(key in line)) line[key] = value;
  return JSON.stringify(line);
}

// One store per process: Next loads this module once per bundle.
const storageKey = Symbol.for('watchfloor.log-context');
type GlobalWithLog = typeof globalThis & { [storageKey]?: AsyncLocalStorage<LogContext> };
function storage(): AsyncLocalStorage<LogContext> {
  const g = globalThis as GlobalWithLog;
  g[storageKey] ??= new AsyncLocalStorage<LogContext>();
  return g[storageKey];
}

/** Runs `fn` with `context` (merged over the current one) attached to every line it logs. */
export function withLogContext<T>(context: LogContext, fn: () => T): T {
  return storage().run({ ...storage().getStore(), ...context }, fn);
}

/** Adds to the current context in place (e.g. the actor, once the session is read). */
export function addLogContext(context: LogContext): void {
  const store = storage().getStore();
  if (store) Object.assign(store, context);
}

export function currentLogContext(): LogContext | undefined {
  return storage().getStore();
}

function threshold(): number {
  const wanted = process.env.WATCHFLOOR_LOG_LEVEL?.toLowerCase() as LogLevel | undefined;
  return LEVELS[wanted && wanted in LEVELS ? wanted : 'info'];
}

function write(level: LogLevel, msg: string, fields?: Record<string, unknown>): void {
  if (LEVELS[level] < threshold()) return;
  const line = `${formatLogLine(level, msg, fields, currentLogContext(), new Date())}\n`;
  (level === 'warn' || level === 'error' ? process.stderr : process.stdout).write(line);
}

/**
 * The server's logger. `component` names the part of the app (`scheduler`, `live`, `trpc`, …); fields
 * are free-form and redacted. Never pass ticket titles or bodies: ids say which ticket.
 */
export const log = {
  debug: (msg: string, fields?: Record<string, unknown>) => write('debug', msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write('info', msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write('warn', msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write('error', msg, fields),
};

/** A `(message) => void` for code that takes a plain log function (the scheduler, the live hub). */
export function componentLog(component: string, level: LogLevel = 'info'): (message: string) => void {
  return (message) => write(level, message, { component });
}

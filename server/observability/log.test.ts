import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatLogLine, log, REDACTED, redact, withLogContext } from './log';

const at = new Date('2026-12-04T01:00:00.000Z');

describe('redact', () => {
  it('blanks secrets by key name at any depth, keeping the rest', () => {
    const out = redact({
      headers: { Authorization: 'Bearer abc.def', cookie: 'next-auth.session-token=xyz', accept: 'json' },
      body: {
        routing_key: 'R0UT1NG',
        dedup_key: 'disk-full',
        password: 'hunter2hunter2',
        nested: [{ apiKey: 'k1', 'x-api-key': 'k2', token: 't', clientSecret: 's', key: 'k' }],
      },
      'webhook-signature': 'v1,abc',
      keyHash: 'deadbeef',
      ticketId: 'T1',
    });
    expect(out).toEqual({
      headers: { Authorization: REDACTED, cookie: REDACTED, accept: 'json' },
      body: {
        routing_key: REDACTED,
        dedup_key: 'disk-full',
        password: REDACTED,
        nested: [
          { apiKey: REDACTED, 'x-api-key': REDACTED, token: REDACTED, clientSecret: REDACTED, key: REDACTED },
        ],
      },
      'webhook-signature': REDACTED,
      keyHash: REDACTED,
      ticketId: 'T1',
    });
  });

  it('scrubs credentials out of free text and URLs', () => {
    expect(redact('sent Authorization: Bearer s3cr3t.t0k3n to the hook')).toBe(
      `sent Authorization: Bearer ${REDACTED} to the hook`,
    );
    expect(redact('smtp://mailer:p%40ss@mail.example.com:587 refused')).toBe(
      `smtp://mailer:${REDACTED}@mail.example.com:587 refused`,
    );
    expect(redact('postgres://postgres@127.0.0.1/db')).toBe('postgres://postgres@127.0.0.1/db');
  });

  it("drops a failed query's parameters (the row written) and bcrypt hashes or webhook secrets anywhere", () => {
    const hash = `$2b$04$${'h3.q98wk536m4JaXfX82cOrubLdEfareuA032zvageydjBlz9f0M.'}`;
    const error = new Error(
      `Failed query: insert into "users" ("email", "password_hash") values ($1, $2)\nparams: dana@example.com,${hash}`,
    );
    const out = redact(error) as Record<string, string>;
    expect(out.message).toBe(
      `Failed query: insert into "users" ("email", "password_hash") values ($1, $2)\nparams: ${REDACTED}`,
    );
    expect(out.stack).not.toContain(hash);
    expect(out.stack).not.toContain('dana@example.com');
    expect(redact(`stored ${hash} for x`)).toBe(`stored ${REDACTED} for x`);
    expect(redact('secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw rotated')).toBe(
      `secret ${REDACTED} rotated`,
    );
  });

  it('turns Headers, Maps and Errors into plain objects, redacted', () => {
    const headers = new Headers({ authorization: 'Basic dXNlcjpwYXNz', 'content-type': 'application/json' });
    expect(redact({ headers })).toEqual({
      headers: { authorization: REDACTED, 'content-type': 'application/json' },
    });
    expect(redact(new Map([['password', 'x']]))).toEqual({ password: REDACTED });
    const error = new Error('connect failed for postgres://u:pw@db/x', { cause: { token: 't' } });
    const out = redact(error) as Record<string, unknown>;
    expect(out.message).toBe(`connect failed for postgres://u:${REDACTED}@db/x`);
    expect(out.cause).toEqual({ token: REDACTED });
    expect(String(out.stack)).not.toContain(':pw@');
  });

  it('survives cycles and depth', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    expect(redact(a)).toEqual({ name: 'a', self: '[circular]' });
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 10; i++) deep = { deep };
    expect(JSON.stringify(redact(deep))).toContain('[truncated]');
  });
});

describe('formatLogLine', () => {
  it('is one JSON line with time, level, msg and the context ids', () => {
    const line = formatLogLine(
      'info',
      'ticket changed',
      { component: 'scheduler', password: 'x', time: 'forged' },
      { requestId: 'r1', actorId: 'u1', ticketId: 't1' },
      at,
    );
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({
      time: at.toISOString(),
      level: 'info',
      msg: 'ticket changed',
      requestId: 'r1',
      actorId: 'u1',
      ticketId: 't1',
      component: 'scheduler',
      password: REDACTED,
    });
  });
});

describe('log', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes info to stdout and errors to stderr, with the request context, never the secret', () => {
    const out = vi.spyOn(process.stdout, 'write').mockReturnValue(true);
    const err = vi.spyOn(process.stderr, 'write').mockReturnValue(true);
    withLogContext({ requestId: 'req-9' }, () => {
      log.info('hello', { headers: { authorization: 'Bearer leak' } });
      log.error('boom', { error: new Error('Bearer leak2 refused') });
    });
    const info = JSON.parse(String(out.mock.calls[0]![0]));
    const error = JSON.parse(String(err.mock.calls[0]![0]));
    expect(info).toMatchObject({ level: 'info', msg: 'hello', requestId: 'req-9' });
    expect(error).toMatchObject({ level: 'error', msg: 'boom', requestId: 'req-9' });
    expect(String(out.mock.calls[0]![0]) + String(err.mock.calls[0]![0])).not.toMatch(/leak/);
  });
});

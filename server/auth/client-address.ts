import { isIP } from 'node:net';

/**
 * The client address a sign-in is throttled by, from X-Forwarded-For.
 *
 * Next.js hands route handlers no socket address; it fills X-Forwarded-For with the peer's address only
 * when the request carries none. So:
 * - behind reverse proxies (WATCHFLOOR_TRUST_PROXY=<number of proxies>, usually 1), each proxy appends
 *   the address it saw, and the client is the entry that many places from the right; anything left of it
 *   was sent by the client and is ignored;
 * - served directly (the default, 0), the header is the peer address Next.js filled in, or whatever a
 *   client sent instead: the rightmost entry is taken, and per-address limits are only as good as the
 *   client's honesty. The per-account limits hold either way; expose the app through a proxy.
 *
 * IPv6 addresses are grouped by their /64, which one host usually has to itself. Anything unparseable
 * shares one `unknown` bucket.
 */
export function clientAddress(
  headers: Record<string, string | string[] | undefined>,
  trustedProxies = trustedProxyCount(process.env.WATCHFLOOR_TRUST_PROXY),
): string {
  const raw = headers['x-forwarded-for'];
  const entries = (Array.isArray(raw) ? raw.join(',') : (raw ?? ''))
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) return 'unknown';
  const index = Math.max(0, entries.length - Math.max(1, trustedProxies));
  return normaliseAddress(entries[index]!);
}

/** WATCHFLOOR_TRUST_PROXY: a number of proxies; `true`/`yes`/`on` mean one. */
export function trustedProxyCount(value: string | undefined): number {
  const v = (value ?? '').trim().toLowerCase();
  if (['true', 'yes', 'on'].includes(v)) return 1;
  return /^\d{1,2}$/.test(v) ? Number(v) : 0;
}

export function normaliseAddress(entry: string): string {
  let value = entry.trim();
  // [v6]:port, or v4:port
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(':'));
  value = value.replace(/%.*$/, '').toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(value);
  if (mapped) value = mapped[1]!;
  const kind = isIP(value);
  if (kind === 4) return value;
  if (kind === 6) return `${expandIpv6(value).slice(0, 4).join(':')}::/64`;
  return 'unknown';
}

function expandIpv6(value: string): string[] {
  const [head = '', tail] = value.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // An embedded IPv4 tail (::ffff:a.b.c.d forms other than the mapped one) counts as two groups.
  const groups = [...left, ...right].flatMap((g) =>
    g.includes('.')
      ? (() => {
          const [a, b, c, d] = g.split('.').map(Number) as [number, number, number, number];
          return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
        })()
      : [g],
  );
  const missing = 8 - groups.length;
  const all =
    tail === undefined
      ? groups
      : [...left, ...Array<string>(missing).fill('0'), ...groups.slice(left.length)];
  return all.map((g) => g.replace(/^0+(?=.)/, ''));
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OBSERVABLE_TYPES, type ObservableType } from './constants';
import { guessObservableType, normaliseObservable, observableInput, observableValue } from './observables';

const SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const SHA1 = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';
const MD5 = 'd41d8cd98f00b204e9800998ecf8427e';

function canonical(type: ObservableType, raw: string): string {
  const result = normaliseObservable(type, raw);
  if (!result.ok) throw new Error(`${type} ${JSON.stringify(raw)} rejected: ${result.message}`);
  return result.value;
}

describe('normaliseObservable accepts and canonicalises', () => {
  it.each<[ObservableType, string, string]>([
    ['ipv4', '192.0.2.1', '192.0.2.1'],
    ['ipv4', ' 0.0.0.0 ', '0.0.0.0'],
    ['ipv4', '255.255.255.255', '255.255.255.255'],
    ['ipv6', '2001:0DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['ipv6', '::', '::'],
    ['ipv6', '::1', '::1'],
    ['ipv6', '1::', '1::'],
    ['ipv6', '2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // tie: the first run is compressed
    ['ipv6', '2001:0:0:1:0:0:0:1', '2001:0:0:1::1'], // the longest run wins
    ['ipv6', '2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // a single zero group stays
    ['ipv6', 'FE80::0001', 'fe80::1'],
    ['ipv6', '::ffff:192.0.2.1', '::ffff:192.0.2.1'],
    ['ipv6', '::FFFF:C000:0201', '::ffff:192.0.2.1'], // IPv4-mapped: dotted tail (RFC 5952 §5)
    ['ipv6', '64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
    ['ipv6', '1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
    ['cidr', '10.0.0.0/8', '10.0.0.0/8'],
    ['cidr', '192.0.2.77/32', '192.0.2.77/32'],
    ['cidr', '0.0.0.0/0', '0.0.0.0/0'],
    ['cidr', '2001:0DB8:0000::/32', '2001:db8::/32'],
    ['cidr', '::/128', '::/128'],
    ['domain', 'Example.COM.', 'example.com'],
    ['domain', 'xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['domain', 'a-b.c0.example.org', 'a-b.c0.example.org'],
    ['domain', `${'a'.repeat(63)}.com`, `${'a'.repeat(63)}.com`],
    ['hostname', 'web-01', 'web-01'],
    ['hostname', 'WEB-01.corp.example.com', 'web-01.corp.example.com'],
    ['url', 'https://Example.com/a?b=c#d', 'https://example.com/a?b=c#d'],
    ['url', 'http://192.0.2.1:8080', 'http://192.0.2.1:8080/'],
    ['url', 'ftp://files.example.net/pub/x.bin', 'ftp://files.example.net/pub/x.bin'],
    ['url', 'http://[2001:db8::1]/', 'http://[2001:db8::1]/'],
    ['email', 'Alice.Smith@Example.COM', 'Alice.Smith@example.com'],
    ['email', "o'brien+soc@mail.example.org", "o'brien+soc@mail.example.org"],
    ['sha256', SHA256.toUpperCase(), SHA256],
    ['sha1', ` ${SHA1.toUpperCase()} `, SHA1],
    ['md5', MD5, MD5],
    ['username', ' CORP\\Administrator ', 'CORP\\Administrator'],
    ['username', 'j.doe', 'j.doe'],
    ['other', '  Registry key HKLM\\Software\\Evil  ', 'Registry key HKLM\\Software\\Evil'],
  ])('%s %j → %j', (type, raw, expected) => {
    expect(normaliseObservable(type, raw)).toEqual({ ok: true, value: expected });
  });
});

describe('normaliseObservable rejects', () => {
  it.each<[ObservableType, string, string | RegExp]>([
    ['ipv4', '999.1.1.1', 'Not a valid IPv4 address (four numbers 0–255 separated by dots)'],
    ['ipv4', '1.2.3', /IPv4/],
    ['ipv4', '01.2.3.4', /IPv4/],
    ['ipv4', '1.2.3.4.5', /IPv4/],
    ['ipv4', '256.0.0.1', /IPv4/],
    ['ipv4', '::1', /IPv4/],
    ['ipv6', '1:2:3:4:5:6:7:8:9', /IPv6/],
    ['ipv6', '1:2:3:4:5:6:7', /IPv6/],
    ['ipv6', '1::2::3', /IPv6/],
    ['ipv6', '1:::2', /IPv6/],
    ['ipv6', ':1:2:3:4:5:6:7', /IPv6/],
    ['ipv6', '1:2:3:4:5:6:7:', /IPv6/],
    ['ipv6', '12345::1', /IPv6/],
    ['ipv6', 'g::1', /IPv6/],
    ['ipv6', '::ffff:999.0.2.1', /IPv6/],
    ['ipv6', '1:2:3:4:5:6:7:1.2.3.4', /IPv6/],
    ['ipv6', '192.0.2.1', /IPv6/],
    ['ipv6', 'fe80::1%eth0', /IPv6/],
    ['cidr', '10.0.0.0', /CIDR/],
    ['cidr', '10.0.0.0/33', 'An IPv4 prefix length is 0–32'],
    ['cidr', '2001:db8::/129', 'An IPv6 prefix length is 0–128'],
    ['cidr', '10.0.0.0/08', /CIDR/],
    ['cidr', '10.0.0.0/', /CIDR/],
    ['cidr', 'example.com/24', /CIDR/],
    ['domain', 'exa mple.com', /Not a valid domain name/],
    ['domain', 'example', /at least two labels/],
    ['domain', '-a.com', /Not a valid domain name/],
    ['domain', 'a-.com', /Not a valid domain name/],
    ['domain', 'a..com', /Not a valid domain name/],
    ['domain', '999.1.1.1', /numeric label/],
    ['domain', `${'a'.repeat(64)}.com`, /Not a valid domain name/],
    ['domain', `${'abcdefghi.'.repeat(26)}com`, /at most 253/],
    ['domain', 'bücher.example', /punycode/],
    ['domain', 'under_score.com', /Not a valid domain name/],
    ['hostname', 'web 01', /Not a valid hostname/],
    ['hostname', '-web', /Not a valid hostname/],
    ['hostname', '123', /numeric label/],
    ['url', 'not a url', /Not a valid URL/],
    ['url', 'javascript:alert(1)', 'Only http, https and ftp URLs are accepted'],
    ['url', 'file:///etc/passwd', /Only http, https and ftp/],
    ['url', 'example.com/path', /Not a valid URL/],
    ['url', 'http://', /Not a valid URL/],
    ['email', 'alice', /Not a valid e-mail/],
    ['email', '@example.com', /before @/],
    ['email', `${'a'.repeat(65)}@example.com`, /1–64/],
    ['email', '.alice@example.com', /stray dot/],
    ['email', 'alice.@example.com', /stray dot/],
    ['email', 'al..ice@example.com', /stray dot/],
    ['email', 'al ice@example.com', /before @/],
    ['email', 'alice@localhost', /After @: .*two labels/],
    ['email', 'alice@exa mple.com', /After @/],
    ['sha256', SHA256.slice(1), 'Expected a SHA-256 hash of 64 hex digits; this has 63'],
    ['sha256', `${SHA256}0`, /64 hex digits/],
    ['sha256', `${SHA256.slice(1)}g`, /hex digits only/],
    ['sha1', SHA256, 'Expected a SHA-1 hash of 40 hex digits; this has 64'],
    ['md5', SHA1, 'Expected an MD5 hash of 32 hex digits; this has 40'],
    ['username', 'a'.repeat(257), /at most 256/],
    ['username', 'evil\u0000user', /control characters/],
    ['username', 'line\nbreak', /control characters/],
    ['username', 'broken\ud800emoji', /broken emoji/],
    ['other', 'x'.repeat(1001), /at most 1000/],
    ['other', 'tab\there', /control characters/],
  ])('%s %j', (type, raw, message) => {
    const result = normaliseObservable(type, raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it.each(OBSERVABLE_TYPES)('%s: empty or whitespace-only → "Enter a value"', (type) => {
    expect(normaliseObservable(type, '')).toEqual({ ok: false, message: 'Enter a value' });
    expect(normaliseObservable(type, ' \t\n ')).toEqual({ ok: false, message: 'Enter a value' });
  });

  it('accepts the longest values each length limit allows', () => {
    expect(normaliseObservable('username', 'u'.repeat(256)).ok).toBe(true);
    expect(normaliseObservable('other', 'o'.repeat(1000)).ok).toBe(true);
    expect(normaliseObservable('email', `${'a'.repeat(64)}@example.com`).ok).toBe(true);
    const longest = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
    expect(longest).toHaveLength(253);
    expect(normaliseObservable('domain', longest).ok).toBe(true);
  });
});

describe('guessObservableType', () => {
  it.each<[string, ObservableType]>([
    ['192.0.2.1', 'ipv4'],
    ['2001:db8::1', 'ipv6'],
    ['::ffff:192.0.2.1', 'ipv6'],
    ['10.0.0.0/8', 'cidr'],
    ['2001:db8::/32', 'cidr'],
    [SHA256, 'sha256'],
    [SHA1.toUpperCase(), 'sha1'],
    [MD5, 'md5'],
    ['https://evil.example/payload', 'url'],
    ['phish@evil.example', 'email'],
    ['evil.example', 'domain'],
    ['web-01', 'hostname'],
    ['999.1.1.1', 'other'],
    ['CORP\\alice', 'other'],
    ['', 'other'],
  ])('%j → %s', (raw, type) => {
    expect(guessObservableType(raw)).toBe(type);
  });
});

describe('observableInput', () => {
  it.each<[ObservableType, string]>([
    ['ipv4', '999.1.1.1'],
    ['domain', 'exa mple.com'],
    ['sha256', SHA256.slice(1)],
  ])('reports an invalid %s %j on the value field', (type, value) => {
    const result = observableInput.safeParse({ type, value });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        path: ['value'],
        message: (normaliseObservable(type, value) as { message: string }).message,
      }),
    ]);
  });

  it('keeps the raw value (no transform) and defaults ioc to false', () => {
    expect(observableInput.parse({ type: 'domain', value: 'Example.COM.' })).toEqual({
      type: 'domain',
      value: 'Example.COM.',
      ioc: false,
    });
    expect(observableInput.parse({ type: 'md5', value: MD5, ioc: true }).ioc).toBe(true);
  });

  it('rejects an unknown type and an over-long value', () => {
    expect(observableInput.safeParse({ type: 'mac', value: 'x' }).error?.issues[0]?.path).toEqual(['type']);
    const long = observableInput.safeParse({ type: 'other', value: 'x'.repeat(2049) });
    expect(long.error?.issues).toEqual([
      expect.objectContaining({ path: ['value'], message: 'Keep the value under 2048 characters' }),
    ]);
  });

  it('observableValue validates one fixed type', () => {
    expect(observableValue('ipv4').safeParse('192.0.2.1').success).toBe(true);
    expect(observableValue('ipv4').safeParse('999.1.1.1').error?.issues[0]?.message).toMatch(/IPv4/);
  });
});

describe('properties', () => {
  const octets = fc.tuple(...Array.from({ length: 4 }, () => fc.integer({ min: 0, max: 255 })));
  const groups = fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 });
  // Zero-heavy groups exercise '::' compression far more often than uniform 16-bit values would.
  const sparseGroups = fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff })), {
    minLength: 8,
    maxLength: 8,
  });

  it('accepts every IPv4 address built from octets 0–255, unchanged', () => {
    fc.assert(
      fc.property(octets, (parts) => {
        const address = parts.join('.');
        expect(normaliseObservable('ipv4', address)).toEqual({ ok: true, value: address });
      }),
    );
  });

  it('IPv4 normalisation is idempotent (also as CIDR)', () => {
    fc.assert(
      fc.property(octets, fc.integer({ min: 0, max: 32 }), (parts, prefix) => {
        for (const [type, raw] of [
          ['ipv4', parts.join('.')],
          ['cidr', `${parts.join('.')}/${prefix}`],
        ] as const) {
          const once = canonical(type, raw);
          expect(canonical(type, once)).toBe(once);
        }
      }),
    );
  });

  it('IPv6 normalisation is idempotent, whatever the padding and case of the input', () => {
    fc.assert(
      fc.property(fc.oneof(groups, sparseGroups), fc.boolean(), (values, upper) => {
        let raw = values.map((g) => g.toString(16).padStart(4, '0')).join(':');
        if (upper) raw = raw.toUpperCase();
        const once = canonical('ipv6', raw);
        expect(canonical('ipv6', once)).toBe(once);
        expect(canonical('cidr', `${raw}/64`)).toBe(`${once}/64`);
      }),
    );
  });

  it('canonical IPv6 is the same address in RFC 5952 text', () => {
    fc.assert(
      fc.property(sparseGroups, (values) => {
        const raw = values.map((g) => g.toString(16).padStart(4, '0')).join(':');
        const text = canonical('ipv6', raw);
        expect(text).toBe(text.toLowerCase());
        expect(text).not.toMatch(/(^|:)0[0-9a-f]/); // no leading zeros
        // The WHATWG URL parser (an independent IPv6 implementation) agrees on the address and, except
        // for the IPv4-mapped dotted form, on the RFC 5952 text.
        const whatwg = new URL(`http://[${raw}]/`).hostname;
        expect(new URL(`http://[${text}]/`).hostname).toBe(whatwg);
        if (!text.startsWith('::ffff:') || !text.includes('.')) expect(`[${text}]`).toBe(whatwg);
      }),
    );
  });
});

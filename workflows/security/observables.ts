// Validation and canonical forms for incident observables (IOCs and other artefacts).
// Pure and I/O-free: forms validate in the browser, and the services call normaliseObservable again
// to store the canonical value, which is what makes duplicates detectable.
import { z } from 'zod';
import { OBSERVABLE_TYPES, type ObservableType } from './constants';

export type NormaliseResult = { ok: true; value: string } | { ok: false; message: string };

const ok = (value: string): NormaliseResult => ({ ok: true, value });
const fail = (message: string): NormaliseResult => ({ ok: false, message });

// --- IP addresses -------------------------------------------------------------------------------

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)'; // 0–255 without leading zeros
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;

const IPV4_MESSAGE = 'Not a valid IPv4 address (four numbers 0–255 separated by dots)';
const IPV6_MESSAGE = 'Not a valid IPv6 address (up to eight groups of 1–4 hex digits separated by colons)';

/** The eight 16-bit groups of an IPv6 address in any RFC 4291 text form, or null. */
function parseIpv6(text: string): number[] | null {
  let source = text;
  // An embedded IPv4 tail (e.g. ::ffff:192.0.2.1) stands for the last two groups.
  const lastColon = source.lastIndexOf(':');
  if (lastColon === -1) return null;
  const tail = source.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!IPV4.test(tail)) return null;
    const [a, b, c, d] = tail.split('.').map(Number) as [number, number, number, number];
    source = `${source.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }

  const halves = source.split('::');
  if (halves.length > 2) return null; // '::' may appear once
  const groupsOf = (part: string) => (part === '' ? [] : part.split(':'));
  const head = groupsOf(halves[0]!);
  const rest = halves.length === 2 ? groupsOf(halves[1]!) : [];
  // Empty groups (':1', '1:', '1:::2') fail the hex test here.
  if (![...head, ...rest].every((group) => HEX_GROUP.test(group))) return null;

  const explicit = head.length + rest.length;
  if (halves.length === 2 ? explicit > 7 : explicit !== 8) return null;
  const zeros = new Array<string>(8 - explicit).fill('0');
  return [...head, ...zeros, ...rest].map((group) => Number.parseInt(group, 16));
}

/** RFC 5952 text for eight groups: lowercase, no leading zeros, the longest zero run as '::'. */
function formatIpv6(groups: number[]): string {
  // RFC 5952 §5: IPv4-mapped addresses (::ffff:0:0/96) are written with the dotted-quad tail.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [hi, lo] = [groups[6]!, groups[7]!];
    return `::ffff:${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  }
  // Longest run of two or more zero groups; the first one wins a tie (strict '>').
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; start++) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === 0) length++;
    if (length > bestLength) [bestStart, bestLength] = [start, length];
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart === -1) return hex.join(':');
  const before = hex.slice(0, bestStart).join(':');
  const after = hex.slice(bestStart + bestLength).join(':');
  return `${before}::${after}`;
}

function normaliseIpv4(value: string): NormaliseResult {
  return IPV4.test(value) ? ok(value) : fail(IPV4_MESSAGE);
}

function normaliseIpv6(value: string): NormaliseResult {
  const groups = parseIpv6(value);
  return groups ? ok(formatIpv6(groups)) : fail(IPV6_MESSAGE);
}

function normaliseCidr(value: string): NormaliseResult {
  const message = 'Not a valid CIDR block (an IPv4 or IPv6 address, then / and a prefix length)';
  const slash = value.lastIndexOf('/');
  if (slash === -1) return fail(message);
  const address = value.slice(0, slash);
  const prefixText = value.slice(slash + 1);
  if (!/^(?:0|[1-9]\d{0,2})$/.test(prefixText)) return fail(message);
  const prefix = Number(prefixText);
  if (IPV4.test(address)) {
    return prefix <= 32 ? ok(`${address}/${prefix}`) : fail('An IPv4 prefix length is 0–32');
  }
  const groups = parseIpv6(address);
  if (!groups) return fail(message);
  return prefix <= 128 ? ok(`${formatIpv6(groups)}/${prefix}`) : fail('An IPv6 prefix length is 0–128');
}

// --- DNS names ----------------------------------------------------------------------------------

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/; // 1–63 chars, no leading or trailing '-'

/** Lowercased DNS name without its trailing dot, or an error message. */
function checkDnsName(value: string, minLabels: 1 | 2, what: string): NormaliseResult {
  const name = value.toLowerCase().replace(/\.$/, '');
  // Non-ASCII letters would need IDNA mapping; the punycode (xn--) form is unambiguous.
  if (/[\u0080-\uffff]/.test(name)) return fail(`Write an international ${what} in its punycode (xn--) form`);
  if (name.length > 253) return fail(`A ${what} is at most 253 characters`);
  const labels = name.split('.');
  if (labels.length < minLabels) return fail(`A ${what} needs at least two labels, e.g. example.com`);
  if (!labels.every((label) => LABEL.test(label))) {
    return fail(
      `Not a valid ${what} (labels of 1–63 letters, digits or hyphens separated by dots, not starting or ending with a hyphen)`,
    );
  }
  // An all-numeric last label would make 999.1.1.1 a name; no TLD is numeric.
  if (/^\d+$/.test(labels.at(-1)!)) return fail(`A ${what} cannot end in a numeric label`);
  return ok(name);
}

const normaliseDomain = (value: string) => checkDnsName(value, 2, 'domain name');
const normaliseHostname = (value: string) => checkDnsName(value, 1, 'hostname');

// --- URLs and e-mail ----------------------------------------------------------------------------

const URL_SCHEMES = new Set(['http:', 'https:', 'ftp:']);

function normaliseUrl(value: string): NormaliseResult {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail('Not a valid URL (it should start with http://, https:// or ftp://)');
  }
  if (!URL_SCHEMES.has(url.protocol)) return fail('Only http, https and ftp URLs are accepted');
  if (url.hostname === '') return fail('A URL needs a host name');
  return ok(url.href);
}

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

function normaliseEmail(value: string): NormaliseResult {
  const at = value.lastIndexOf('@');
  if (at === -1) return fail('Not a valid e-mail address (name@example.com)');
  const local = value.slice(0, at);
  if (local.length === 0 || local.length > 64) return fail('The part before @ must be 1–64 characters');
  if (!LOCAL_PART.test(local)) {
    return fail('The part before @ has a character an e-mail address cannot contain, or a stray dot');
  }
  const domain = checkDnsName(value.slice(at + 1), 2, 'domain name');
  if (!domain.ok) return fail(`After @: ${domain.message}`);
  // Only the domain is case-insensitive; the local part belongs to the receiving server.
  return ok(`${local}@${domain.value}`);
}

// --- Hashes and free text -----------------------------------------------------------------------

function hashOf(name: string, length: number) {
  const pattern = new RegExp(`^[0-9a-f]{${length}}$`, 'i');
  return (value: string): NormaliseResult => {
    if (pattern.test(value)) return ok(value.toLowerCase());
    if (!/^[0-9a-f]+$/i.test(value)) return fail(`Expected ${name} hash of hex digits only (0–9, a–f)`);
    return fail(`Expected ${name} hash of ${length} hex digits; this has ${value.length}`);
  };
}

// PostgreSQL text cannot hold NUL and jsonb (the audit log) refuses unpaired UTF-16 surrogates.
const CONTROL = /\p{Cc}/u;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function freeText(max: number, what: string) {
  return (value: string): NormaliseResult => {
    if (value.length > max) return fail(`A ${what} is at most ${max} characters`);
    if (CONTROL.test(value)) return fail('Remove the control characters (tabs, line breaks and the like)');
    if (LONE_SURROGATE.test(value)) return fail('Remove the invalid characters (a broken emoji)');
    return ok(value);
  };
}

// --- Public API ---------------------------------------------------------------------------------

const NORMALISERS: Record<ObservableType, (value: string) => NormaliseResult> = {
  ipv4: normaliseIpv4,
  ipv6: normaliseIpv6,
  cidr: normaliseCidr,
  domain: normaliseDomain,
  hostname: normaliseHostname,
  url: normaliseUrl,
  email: normaliseEmail,
  sha256: hashOf('a SHA-256', 64),
  sha1: hashOf('a SHA-1', 40),
  md5: hashOf('an MD5', 32),
  username: freeText(256, 'username'),
  other: freeText(1000, 'value'),
};

/** Validates `raw` as an observable of `type` and returns its canonical form (for duplicate checks). */
export function normaliseObservable(type: ObservableType, raw: string): NormaliseResult {
  const value = raw.trim();
  if (value === '') return fail('Enter a value');
  return NORMALISERS[type](value);
}

const GUESS_ORDER: readonly ObservableType[] = [
  'ipv4',
  'ipv6',
  'cidr',
  'sha256',
  'sha1',
  'md5',
  'url',
  'email',
  'domain',
  'hostname',
];

/** The most specific type that accepts a pasted value; 'other' when none does. */
export function guessObservableType(raw: string): ObservableType {
  return GUESS_ORDER.find((type) => normaliseObservable(type, raw).ok) ?? 'other';
}

const OBSERVABLE_VALUE_MAX = 2048;
const tooLong = `Keep the value under ${OBSERVABLE_VALUE_MAX} characters`;

/** A string schema for one fixed observable type (e.g. a form that only takes IP addresses). */
export const observableValue = (type: ObservableType) =>
  z
    .string()
    .max(OBSERVABLE_VALUE_MAX, tooLong)
    .superRefine((value, ctx) => {
      if (value.length > OBSERVABLE_VALUE_MAX) return; // .max() has reported it (its issue does not abort)
      const result = normaliseObservable(type, value);
      if (!result.ok) ctx.addIssue({ code: 'custom', message: result.message });
    });

/**
 * An observable as a form or a tRPC call submits it. Deliberately no transform: input and output have
 * the same shape, and services call normaliseObservable for the canonical value.
 */
export const observableInput = z
  .object({
    type: z.enum(OBSERVABLE_TYPES),
    value: z.string().max(OBSERVABLE_VALUE_MAX, tooLong),
    ioc: z.boolean().default(false),
  })
  .superRefine((input, ctx) => {
    if (input.value.length > OBSERVABLE_VALUE_MAX) return; // reported once, by .max()
    const result = normaliseObservable(input.type, input.value);
    if (!result.ok) ctx.addIssue({ code: 'custom', path: ['value'], message: result.message });
  });
export type ObservableInput = z.input<typeof observableInput>;

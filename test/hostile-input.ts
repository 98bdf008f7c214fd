// Hostile inputs for a procedure, generated from its own zod schema: mostly well-shaped (so calls get past
// the first check and reach the services and the database), with hostile values at any depth (wrong types,
// huge strings, NUL and other control characters, broken and exotic unicode, SQL and HTML payloads,
// numbers beyond every integer type, dates beyond PostgreSQL's range, random and real ids, ticket numbers
// beyond int4), and now and then a whole input of nonsense. Not a test file itself.
import fc from 'fast-check';
import type { z } from 'zod';

/** Real values of the world under test, so generated ids and numbers hit existing rows too. */
export interface Pools {
  /** Row ids by table (the db/schema export name: tickets, handoffs, tasks, …). */
  ids: Record<string, readonly string[]>;
  ticketNumbers: readonly string[];
}

/** The tables a field's ids come from, by field name; any row id for other names. */
const ID_TABLES: Record<string, string[]> = {
  id: ['tickets', 'tickets', 'tickets', 'businessCalendars', 'slaPolicies', 'escalationPolicies'],
  outageId: ['tickets'],
  incidentId: ['tickets'],
  ticketId: ['tickets'],
  handoffId: ['handoffs'],
  taskId: ['tasks'],
  observableId: ['observables'],
  evidenceId: ['evidence'],
  organisationId: ['organisations'],
  serviceIds: ['services'],
  assigneeId: ['users'],
  ids: ['notifications'],
  calendarId: ['businessCalendars'],
  policyId: ['slaPolicies'],
  escalationPolicyId: ['escalationPolicies'],
};

function realIds(pools: Pools, key: string | undefined): fc.Arbitrary<string> {
  const tables = (key && ID_TABLES[key]) || Object.keys(pools.ids);
  const ids = tables.flatMap((t) => pools.ids[t] ?? []);
  const all = Object.values(pools.ids).flat();
  return fc.constantFrom(...(ids.length ? ids : all.length ? all : ['00000000-0000-4000-8000-000000000000']));
}

const HUGE = 'x'.repeat(100_000);
const year = (y: number) => {
  const d = new Date(Date.UTC(2000, 0, 1));
  d.setUTCFullYear(y);
  return d;
};

export const HOSTILE_STRINGS = [
  '',
  ' ',
  HUGE,
  '\u0000',
  'Edge\u0000router',
  '\u0007bell\u001b[31m',
  'line\r\nbreak',
  '\ud800',
  '\udfff lone',
  '😀🏳️‍🌈',
  'ﷺ‮gnp.exe',
  'Z̸̡̢͎̈́a̵l̷g̶o',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' OR '1'='1' --",
  "'; DROP TABLE tickets; --",
  '%E0%A4%A',
  '../../../etc/passwd',
  '__proto__',
  'null',
  'NaN',
  '1e309',
  '-1',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '------------------------------------',
  'SEC-2147483648',
  'SEC-99999999999',
  'OUT-9999999999',
  'OUT-0',
  'sec-1',
  '0000-01-01',
  '-200000-01-01T00:00:00.000Z',
  '+275760-09-13T00:00:00.000Z',
  '2026-02-30T25:61:00Z',
  'Europe/Nowhere',
];

export const HOSTILE_NUMBERS = [
  0,
  -0,
  -1,
  0.5,
  2 ** 31,
  2 ** 31 - 1,
  -(2 ** 31) - 1,
  2 ** 53,
  Number.MAX_SAFE_INTEGER + 2,
  1e308,
  -1e308,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
];

export const HOSTILE_DATES = [
  year(0),
  year(-200_000),
  year(275_000),
  year(1),
  year(9999),
  new Date(8.64e15),
  new Date(-8.64e15),
  new Date(Number.NaN),
];

export const HOSTILE_DATE_STRINGS = [
  '0000-01-01',
  '0000-01-01T00:00:00.000Z',
  '-200000-01-01T00:00:00.000Z',
  '+275000-01-01T00:00:00.000Z',
  '1969-12-31T23:59:59.999Z',
  '2200-01-01T00:00:00.000Z',
  'tomorrow',
];

function nested(depth: number): unknown {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

/** Values that are wrong for almost any field. */
export function hostileValue(pools: Pools): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom(...HOSTILE_STRINGS),
    fc.constantFrom(...HOSTILE_NUMBERS),
    fc.constantFrom(...HOSTILE_DATES),
    fc.constantFrom(null, undefined, true, false, 2n ** 70n, [], {}, nested(60), new Array(1000).fill('a')),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.uuid(),
    realIds(pools, undefined),
    fc.constantFrom(...pools.ticketNumbers),
    fc.integer(),
    fc.double(),
    fc.object({ maxDepth: 3 }),
  );
}

type Def = { type: string; [key: string]: unknown };
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

const WORDS = ['Edge router down', 'BGP flap on transit', 'Ünïcødé ✓ 東京 😀'];
const NOW = new Date('2026-11-02T09:00:00.000Z');
const DAY_MS = 86_400_000;

/** Plausible strings by field name, so objects often pass validation and reach the services. */
function plausibleString(key: string | undefined, pools: Pools): fc.Arbitrary<string> {
  if (key && /sha256/i.test(key)) return fc.stringMatching(/^[0-9a-f]{64}$/);
  if (key === 'timeZone') return fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York');
  if (key === 'number') return fc.constantFrom(...pools.ticketNumbers, 'SEC-2147483648', 'OUT-99999999');
  if (key === 'techniqueId') return fc.constantFrom('T1110.003', 'T1566', 'T9999');
  if (key === 'start') return fc.constantFrom('08:00', '09:00');
  if (key === 'end') return fc.constantFrom('17:00', '18:00', '24:00');
  if (key === 'holidays') return fc.constantFrom('2026-12-25', '2027-01-01');
  if (key === 'state') return fc.constantFrom('BY', 'NY');
  if (key === 'region') return fc.constantFrom('A', 'MU');
  if (key === 'country') return fc.constantFrom('DE', 'US', 'ZZ');
  if (key === 'value') return fc.constantFrom('192.0.2.10', 'evil.example.com', 'root', 'not an ip');
  if (key === 'cursor') return fc.base64String({ maxLength: 80 });
  if (key === 'id') return fc.oneof(realIds(pools, 'assigneeId'), fc.constantFrom('noc', 'soc', 'admin'));
  return fc.constantFrom(...WORDS, ...pools.ticketNumbers);
}

/** Plausible ranges of numbers by field name (other numbers stay within their schema's bounds). */
const NUMBER_HINTS: Record<string, { min: number; max: number }> = {
  repeat: { min: 0, max: 3 },
  percent: { min: 1, max: 150 },
  minutes: { min: 1, max: 120 },
  version: { min: 1, max: 5 },
};

/** SLA targets as the policy editor sends them, with a per-priority calendar now and then. */
function plausibleTargets(walk: Walk): fc.Arbitrary<unknown> {
  const target = fc.record(
    {
      ms: spiced(walk, fc.constantFrom(60_000, 3_600_000), fc.constantFrom(...HOSTILE_NUMBERS)),
      calendarId: spiced(
        walk,
        realIds(walk.pools, 'calendarId'),
        fc.oneof(fc.uuid(), fc.constantFrom(...HOSTILE_STRINGS)),
      ),
    },
    { requiredKeys: ['ms'] },
  );
  return fc.record(
    {
      response: fc.record({ byPriority: fc.record({ P1: target, P4: target }, { requiredKeys: [] }) }),
      resolution: fc.record(
        { default: target, bySeverity: fc.record({ low: target }) },
        { requiredKeys: [] },
      ),
      noc_action: fc.record({ default: target }),
    },
    { requiredKeys: [] },
  );
}

/**
 * How hostile a generated input is: `clean` inputs are plausible throughout (so they get past validation
 * and exercise the services and the database), `rare` ones hostile at a node now and then (valid but for
 * a field or two), `wild` ones at many nodes.
 */
export type Hostility = 'clean' | 'rare' | 'wild';
const HOSTILE_WEIGHT: Record<Hostility, number> = { clean: 0, rare: 1, wild: 6 };

/**
 * Inputs for `schema` of every hostility, most of them clean but for one field: a plausible input with a
 * single leaf swapped for a hostile value of its own kind (a string for a string, a date for a date), the
 * input most likely to get past every check but one.
 */
export function inputsFor(schema: z.ZodType, pools: Pools): fc.Arbitrary<unknown> {
  const clean = hostileFor(schema, pools, 'clean');
  return fc.oneof(
    { weight: 1, arbitrary: clean },
    { weight: 4, arbitrary: oneLeafSwapped(clean, pools) },
    { weight: 2, arbitrary: hostileFor(schema, pools, 'rare') },
    { weight: 1, arbitrary: hostileFor(schema, pools, 'wild') },
  );
}

/** Hostile values of a leaf's own kind. */
function hostileLike(leaf: unknown, pools: Pools): fc.Arbitrary<unknown> {
  if (typeof leaf === 'string')
    return fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
      { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_DATE_STRINGS) },
      { weight: 1, arbitrary: hostileValue(pools) },
    );
  if (leaf instanceof Date)
    return fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_DATES) },
      { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_DATE_STRINGS) },
      { weight: 1, arbitrary: hostileValue(pools) },
    );
  if (typeof leaf === 'number')
    return fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
      { weight: 1, arbitrary: hostileValue(pools) },
    );
  return hostileValue(pools);
}

/** The paths to every leaf (and every array or object, which can be swapped whole). */
function pathsOf(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(path);
  if (value instanceof Date || value === null || typeof value !== 'object') return out;
  for (const [key, child] of Object.entries(value))
    pathsOf(child, [...path, Array.isArray(value) ? Number(key) : key], out);
  return out;
}

function getAt(value: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((v, key) => (v as Record<string | number, unknown>)?.[key], value);
}

function setAt(value: unknown, path: (string | number)[], leaf: unknown): unknown {
  if (path.length === 0) return leaf;
  const [key, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
    string | number,
    unknown
  >;
  copy[key!] = setAt(copy[key!], rest, leaf);
  return copy;
}

function oneLeafSwapped(clean: fc.Arbitrary<unknown>, pools: Pools): fc.Arbitrary<unknown> {
  return clean.chain((value) => {
    const paths = pathsOf(value);
    // Leaves first: the deepest paths are the fields.
    const leaves = paths.filter((p) => {
      const v = getAt(value, p);
      return v instanceof Date || v === null || typeof v !== 'object';
    });
    const candidates = leaves.length ? leaves : paths;
    return fc
      .constantFrom(...candidates)
      .chain((path) => hostileLike(getAt(value, path), pools).map((leaf) => setAt(value, path, leaf)));
  });
}

interface Walk {
  pools: Pools;
  hostility: Hostility;
  key?: string;
  depth: number;
}

export function hostileFor(schema: z.ZodType, pools: Pools, hostility: Hostility): fc.Arbitrary<unknown> {
  return node(schema, { pools, hostility, depth: 0 });
}

function node(schema: z.ZodType, walk: Walk): fc.Arbitrary<unknown> {
  const bad = hostileValue(walk.pools);
  if (walk.depth > 8) return bad;
  const weight = HOSTILE_WEIGHT[walk.hostility];
  const good = shaped(schema, walk);
  return weight === 0 ? good : fc.oneof({ weight: 30, arbitrary: good }, { weight, arbitrary: bad });
}

/** A hostile alternative to a plausible value, weighted by the walk's hostility. */
function spiced<T>(walk: Walk, good: fc.Arbitrary<T>, bad: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const weight = HOSTILE_WEIGHT[walk.hostility];
  return weight === 0 ? good : fc.oneof({ weight: 12, arbitrary: good }, { weight, arbitrary: bad });
}

function shaped(schema: z.ZodType, walk: Walk): fc.Arbitrary<unknown> {
  const { pools } = walk;
  const def = defOf(schema);
  const inner = (s: unknown, key = walk.key) => node(s as z.ZodType, { ...walk, key, depth: walk.depth + 1 });
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, unknown>;
      const fields = Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, inner(s, k)]));
      // Optional fields come and go (a required one left out is hostile too).
      const required = Object.entries(shape)
        .filter(([, s]) => walk.hostility === 'clean' || !['optional', 'default'].includes(defOf(s).type))
        .map(([k]) => k);
      return fc.record(fields, { requiredKeys: walk.hostility === 'wild' ? [] : required });
    }
    case 'string': {
      if (def.format === 'uuid' || def.format === 'guid')
        return spiced(
          walk,
          fc.oneof({ weight: 6, arbitrary: realIds(pools, walk.key) }, fc.uuid()),
          fc.constantFrom(...HOSTILE_STRINGS),
        );
      return spiced(
        walk,
        plausibleString(walk.key, pools),
        fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ unit: 'binary', maxLength: 30 })),
      );
    }
    case 'number': {
      const { minValue, maxValue } = schema as unknown as {
        minValue: number | null;
        maxValue: number | null;
      };
      const min = Math.ceil(Math.max(minValue ?? -1000, -1000));
      const max = Math.max(Math.floor(Math.min(maxValue ?? 1000, 1000)), min);
      const hint = NUMBER_HINTS[walk.key ?? ''];
      if (hint)
        return spiced(walk, fc.integer(hint), fc.oneof(fc.constantFrom(...HOSTILE_NUMBERS), fc.double()));
      const small = fc.integer({ min: Math.max(min, 0), max: Math.max(Math.min(max, 10), Math.max(min, 0)) });
      return spiced(
        walk,
        fc.oneof(small, fc.integer({ min, max })),
        fc.oneof(fc.constantFrom(...HOSTILE_NUMBERS), fc.double()),
      );
    }
    case 'boolean':
      return fc.boolean();
    case 'date':
      return spiced(
        walk,
        fc.date({ min: new Date(NOW.getTime() - 30 * DAY_MS), max: NOW, noInvalidDate: true }),
        fc.oneof(
          fc.constantFrom(...HOSTILE_DATES),
          fc.constantFrom(
            '2026-11-02T08:00:00Z',
            '0000-01-01',
            '-200000-01-01T00:00:00.000Z',
            '+275000-01-01',
          ),
        ),
      );
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries as Record<string, string>));
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'union':
      // The first option is the usual one (e.g. a number before NaN).
      return fc.oneof(
        ...(def.options as unknown[]).map((o, i) => ({ weight: i === 0 ? 3 : 1, arbitrary: inner(o) })),
      );
    case 'array': {
      const minLength = walk.hostility === 'clean' ? 1 : 0;
      // Lists of choices (actions, statuses) hold each at most once.
      if (['enum', 'literal'].includes(defOf(def.element).type))
        return fc.uniqueArray(inner(def.element), { minLength, maxLength: 3 });
      return fc.array(inner(def.element), { minLength, maxLength: 3 });
    }
    case 'record':
      if (walk.key === 'targets') return plausibleTargets(walk);
      return fc.dictionary(fc.constantFrom('response', 'P4', 'constructor', '\u0000'), inner(def.valueType), {
        maxKeys: 3,
      });
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return fc.oneof(
        { weight: 1, arbitrary: fc.constantFrom(undefined, def.type === 'nullable' ? null : undefined) },
        { weight: 3, arbitrary: inner(def.innerType) },
      );
    case 'pipe':
      return shaped(def.in as z.ZodType, walk);
    case 'lazy':
      return inner((def.getter as () => unknown)());
    case 'intersection':
      return inner(def.left);
    case 'nan':
      return fc.constant(Number.NaN);
    default:
      // unknown, any, transform, …: anything goes.
      return hostileValue(pools);
  }
}

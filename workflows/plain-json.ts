// What a value becomes after a trip through JSON (and so through a jsonb column): `undefined`, functions
// and symbols dropped from objects and turned into null in arrays, non-finite numbers null, -0 zero,
// `toJSON` applied (Dates become ISO strings). The same result as JSON.parse(JSON.stringify(value)) — a
// property test holds it to that — without printing and re-parsing: snapshots and audit payloads take
// this trip on every ticket command and every SLA check the scheduler fires.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The JSON value of a property or array element; `undefined` where JSON would leave it out. */
function copy(input: unknown, key: string): Json | undefined {
  // JSON.stringify calls toJSON(key) first (Dates become ISO strings), then serialises what it returned.
  const value =
    typeof input === 'object' &&
    input !== null &&
    typeof (input as { toJSON?: unknown }).toJSON === 'function'
      ? (input as { toJSON(key: string): unknown }).toJSON(key)
      : input;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value + 0 : null; // + 0 turns -0 into 0, as JSON does
    case 'object':
      if (value === null) return null;
      if (Array.isArray(value)) {
        const out: Json[] = new Array(value.length);
        for (let i = 0; i < value.length; i++) out[i] = copy(value[i], String(i)) ?? null;
        return out;
      }
      if (isPlainObject(value)) {
        const out: { [key: string]: Json } = {};
        for (const key of Object.keys(value)) {
          const v = copy((value as Record<string, unknown>)[key], key);
          if (v === undefined) continue;
          // An own "__proto__" key (JSON.parse makes one) must stay a key, not become the prototype.
          if (key === '__proto__')
            Object.defineProperty(out, key, {
              value: v,
              enumerable: true,
              writable: true,
              configurable: true,
            });
          else out[key] = v;
        }
        return out;
      }
      // Boxed primitives, Maps, class instances…: JSON's own rules, exactly.
      return JSON.parse(JSON.stringify(value)) as Json;
    case 'bigint':
      return JSON.parse(JSON.stringify(value)) as never; // throws, as JSON.stringify does
    default:
      return undefined; // undefined, functions, symbols
  }
}

/** JSON.parse(JSON.stringify(value)), including its TypeError for bigint and SyntaxError for undefined. */
export function toPlainJson(value: unknown): unknown {
  const out = copy(value, '');
  if (out === undefined) return JSON.parse(JSON.stringify(value) as string);
  return out;
}

import { hash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** What a chained row's hash covers: everything but its database id and the hash itself. */
export interface ChainedEventContent {
  ticketId: string;
  seq: number;
  type: string;
  actorType: string;
  actorId: string | null;
  actorLabel: string;
  payload: unknown;
  occurredAt: Date;
  prevHash: string;
}

/**
 * JSON with object keys sorted at every depth, so that the same content always serialises the same way
 * whatever order jsonb hands keys back in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  // Loops rather than entries/filter/sort/map/join: this runs for every audit event written and verified.
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  // The default sort compares UTF-16 code units, as `<` does.
  const keys = Object.keys(record).sort();
  let out = '{';
  for (const key of keys) {
    const v = record[key];
    if (v === undefined) continue;
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${canonicalJson(v)}`;
  }
  return `${out}}`;
}

export function hashEvent(content: ChainedEventContent): string {
  // Pick the fields by name: a stored row also has its id and hash, which the hash must not cover. The
  // top level is printed with its keys already in canonical order (what canonicalJson of the same object
  // prints; canonical.test.ts holds the two equal), so only the payload takes the general path.
  const { ticketId, seq, type, actorType, actorId, actorLabel, payload, occurredAt, prevHash } = content;
  const fields = [ticketId, seq, type, actorType, actorId, actorLabel, payload, prevHash];
  if (fields.includes(undefined)) {
    // canonicalJson leaves undefined keys out; the fixed layout below cannot.
    const all = { ticketId, seq, type, actorType, actorId, actorLabel, payload, prevHash };
    return hash('sha256', canonicalJson({ ...all, occurredAt: occurredAt.toISOString() }), 'hex');
  }
  const canonical =
    `{"actorId":${JSON.stringify(actorId ?? null)},"actorLabel":${JSON.stringify(actorLabel)}` +
    `,"actorType":${JSON.stringify(actorType)},"occurredAt":${JSON.stringify(occurredAt.toISOString())}` +
    `,"payload":${canonicalJson(payload)},"prevHash":${JSON.stringify(prevHash)},"seq":${JSON.stringify(seq)}` +
    `,"ticketId":${JSON.stringify(ticketId)},"type":${JSON.stringify(type)}}`;
  return hash('sha256', canonical, 'hex');
}

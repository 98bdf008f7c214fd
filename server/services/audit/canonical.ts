import { createHash } from 'node:crypto';

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
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function hashEvent(content: ChainedEventContent): string {
  // Pick the fields by name: a stored row also has its id and hash, which the hash must not cover.
  const { ticketId, seq, type, actorType, actorId, actorLabel, payload, occurredAt, prevHash } = content;
  const canonical = canonicalJson({
    ticketId,
    seq,
    type,
    actorType,
    actorId,
    actorLabel,
    payload,
    occurredAt: occurredAt.toISOString(),
    prevHash,
  });
  return createHash('sha256').update(canonical).digest('hex');
}

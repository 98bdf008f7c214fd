import { createHash } from 'node:crypto';
import type { AlertFacts } from '../../../../workflows/integrations/routing';

/** One alert as an ingestion endpoint hands it over: the source's shape, reduced to what tracking needs. */
export interface IncomingAlert {
  /** Alertmanager's fingerprint, or the Events v2 dedup_key. */
  key: string;
  /** Alerts of one group share a ticket (Alertmanager's groupKey; Events v2: the dedup key). */
  groupKey: string;
  status: 'firing' | 'resolved';
  summary: string;
  /** What the ticket the group opens is called (the group's summary, else this alert's). */
  ticketSummary: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  details: Record<string, unknown>;
  startsAt: Date | null;
  facts: AlertFacts;
  /** Lines of the description of a ticket this alert opens. */
  description: string[];
}

/** What became of one alert of a delivery. */
export type AlertOutcome =
  | 'opened'
  | 'attached'
  | 'reopened'
  | 'repeated'
  | 'resolved'
  | 'suppressed'
  | 'ignored';

export interface AlertResult {
  key: string;
  outcome: AlertOutcome;
  /** The ticket it is on (none when suppressed or ignored). */
  ticketId: string | null;
}

export function countOutcomes(results: readonly AlertResult[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of results) counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
  return counts;
}

const DETAILS_MAX = 8192;
const LABELS_MAX = 8192;

/** At most 8 KB of a source's extra details on each alert row and audit event (the rest stays with the source). */
export function boundedDetails(details: Record<string, unknown>): Record<string, unknown> {
  const text = JSON.stringify(details);
  if (text.length <= DETAILS_MAX) return details;
  return { truncated: true, excerpt: text.slice(0, DETAILS_MAX) };
}

export function boundedLabels(labels: Record<string, string>): Record<string, string> {
  if (JSON.stringify(labels).length <= LABELS_MAX) return labels;
  const kept: Record<string, string> = {};
  let size = 2;
  for (const key of Object.keys(labels).sort()) {
    const value = labels[key]!.slice(0, 512);
    size += key.length + value.length + 6;
    if (size > LABELS_MAX) break;
    kept[key] = value;
  }
  return kept;
}

/** A ticket's dedup key (≤ 255 characters): the group key, or its SHA-256 when longer. */
export function ticketDedupKey(groupKey: string): string {
  return groupKey.length <= 255 ? groupKey : `sha256:${createHash('sha256').update(groupKey).digest('hex')}`;
}

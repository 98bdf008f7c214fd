// What travels with a handoff besides its headline fields (DESIGN §2.3), as the handoff's `packet` column
// stores it: plain JSON, so instants are ISO 8601 strings. The request schema
// (server/services/handoffs/schemas.ts) validates the input; `storedPacket` turns it into this shape.
import type { ObservableType } from '../security/constants';

export interface HandoffPacket {
  observables: Array<{ type: ObservableType; value: string; ioc: boolean }>;
  /** What the NOC already did: reboots, failovers and ACL changes can destroy evidence. */
  nocActions: Array<{ what: string; who: string; at: string }>;
  /** The first chain-of-custody entries. */
  evidence: Array<{
    name: string;
    sha256: string;
    sizeBytes: number;
    collectedBy: string;
    collectedAt: string;
    location: string;
  }>;
  people: Array<{ name: string; role: string }>;
}

type WithDates<T> = {
  [K in keyof T]: T[K] extends string ? (K extends 'at' | 'collectedAt' ? Date : T[K]) : T[K];
};

/** The validated request's packet, with its instants as the column keeps them. */
export function storedPacket(input: {
  observables: HandoffPacket['observables'];
  nocActions: Array<WithDates<HandoffPacket['nocActions'][number]>>;
  evidence: Array<WithDates<HandoffPacket['evidence'][number]>>;
  people: HandoffPacket['people'];
}): HandoffPacket {
  return {
    observables: input.observables.map(({ type, value, ioc }) => ({ type, value, ioc })),
    nocActions: input.nocActions.map((a) => ({ ...a, at: a.at.toISOString() })),
    evidence: input.evidence.map((e) => ({ ...e, collectedAt: e.collectedAt.toISOString() })),
    people: input.people.map(({ name, role }) => ({ name, role })),
  };
}

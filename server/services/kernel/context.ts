import type { Database } from '../../../db/client';
import type { ActorType, Role } from '../../../workflows/tickets/constants';
import type { PageView } from './page-view';

/** Who is acting. Users carry the role and organisation they had when the request was authorised. */
export type Actor =
  | { type: 'user'; id: string; email: string; role: Role; organisationId: string }
  | { type: 'system'; label: string }
  | { type: 'integration'; id: string; label: string; organisationId: string };

export type UserActor = Extract<Actor, { type: 'user' }>;

/** Everything a service needs from the outside world; tests pass their own clock. */
export interface ServiceContext {
  db: Database;
  actor: Actor;
  now: () => Date;
  /** Set while a server component renders a page: its reads share one ticket load and one access record. */
  view?: PageView;
}

export const systemClock = () => new Date();

export function actorLabel(actor: Actor): string {
  return actor.type === 'user' ? actor.email : actor.label;
}

export function actorRecord(actor: Actor): {
  actorType: ActorType;
  actorId: string | null;
  actorLabel: string;
} {
  return {
    actorType: actor.type,
    actorId: actor.type === 'user' ? actor.id : null,
    actorLabel: actorLabel(actor),
  };
}

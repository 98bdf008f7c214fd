import type { Role } from '../tickets/constants';

/** Every event may carry the actor's role; the services inject it, only REOPEN guards read it. */
export interface Actor {
  actorRole?: Role;
}

/** Events arrive from services as parsed JSON, so guards re-check payload shapes at runtime. */
export function isNonBlank(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

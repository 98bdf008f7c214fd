import { organisations, users } from '../../../../db/schema';
import type { OrganisationKind } from '../../../../workflows/organisations/constants';
import type { Role } from '../../../../workflows/tickets/constants';

/** An account as the admin pages show it: never its password hash, only whether it has one. */
export interface UserRow {
  id: string;
  name: string;
  email: string;
  role: Role;
  active: boolean;
  /** Signs in through single sign-on only (no password of its own). */
  singleSignOn: boolean;
  organisation: { id: string; name: string; kind: OrganisationKind };
  createdAt: Date;
  lastSignInAt: Date | null;
}

/** The select fields of a UserRow; join `organisations` on the user's organisation. */
export const USER_ROW_FIELDS = {
  id: users.id,
  name: users.name,
  email: users.email,
  role: users.role,
  active: users.active,
  passwordHash: users.passwordHash,
  createdAt: users.createdAt,
  lastSignInAt: users.lastSignInAt,
  organisation: { id: organisations.id, name: organisations.name, kind: organisations.kind },
};

/** The selected row with the hash replaced by whether there is one: the hash never leaves the service. */
export function userRowOf({
  passwordHash,
  ...row
}: { passwordHash: string | null } & Omit<UserRow, 'singleSignOn'>): UserRow {
  return { ...row, singleSignOn: passwordHash === null };
}

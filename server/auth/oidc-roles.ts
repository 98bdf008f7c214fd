import { ROLES, type Role } from '../../workflows/tickets/constants';

/**
 * Maps an identity provider's group/role claim to a Watchfloor role with a mapping such as
 * `OIDC_ROLE_MAP="wf-admins=admin,noc=noc_engineer,soc=soc_analyst"`. When several claim values map,
 * the most privileged role wins; when none does, the sign-in is refused (null).
 */
export function mapOidcRole(claim: unknown, mapping: string | undefined): Role | null {
  const values = (Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.split(/[\s,]+/) : []).map(
    String,
  );
  const table = new Map<string, Role>();
  for (const pair of (mapping ?? '').split(',')) {
    const [from, to] = pair.split('=').map((s) => s.trim());
    if (from && to && (ROLES as readonly string[]).includes(to) && to !== 'customer')
      table.set(from, to as Role);
  }
  const mapped = values.map((v) => table.get(v)).filter((r): r is Role => r !== undefined);
  // ROLES is ordered from most to least privileged.
  return ROLES.find((role) => mapped.includes(role)) ?? null;
}

import { ROLE_LABELS, ROLES, type Role } from '@/workflows/tickets/constants';

const roleName = (value: unknown) =>
  ROLES.includes(value as Role) ? ROLE_LABELS[value as Role] : String(value);

/** An account's audit entry in words ("Role changed: NOC engineer → SOC analyst"). */
export function historyLine(entry: { type: string; payload: Record<string, unknown> }): string {
  const p = entry.payload;
  switch (entry.type) {
    case 'user.created':
      return `Created as ${roleName(p.role)}`;
    case 'user.role_changed':
      return `Role changed: ${roleName(p.from)} → ${roleName(p.to)}${p.source === 'oidc' ? ' (single sign-on)' : ''}`;
    case 'user.deactivated':
      return 'Deactivated';
    case 'user.reactivated':
      return 'Reactivated';
    case 'user.password_changed':
      return 'Password changed';
    case 'user.signed_out_everywhere':
      return 'Signed out everywhere';
    default:
      return entry.type;
  }
}

// Security-incident vocabulary shared by the database schema, the services and client components.
// Drizzle-free and I/O-free on purpose: client bundles import this file.
import type { Tlp } from '../tickets/constants';

export const OBSERVABLE_TYPES = [
  'ipv4',
  'ipv6',
  'cidr',
  'domain',
  'hostname',
  'url',
  'email',
  'sha256',
  'sha1',
  'md5',
  'username',
  'other',
] as const;
export type ObservableType = (typeof OBSERVABLE_TYPES)[number];

export const CONFIDENCE_LEVELS = ['low', 'medium', 'high'] as const;
export type ConfidenceLevel = (typeof CONFIDENCE_LEVELS)[number];

/** Work a SOC incident asks of the NOC. */
export const NOC_ACTION_KINDS = ['block_address', 'isolate_segment', 'collect_logs', 'other'] as const;
export type NocActionKind = (typeof NOC_ACTION_KINDS)[number];
export const NOC_ACTION_LABELS: Record<NocActionKind, string> = {
  block_address: 'Block an address',
  isolate_segment: 'Isolate a network segment',
  collect_logs: 'Collect logs',
  other: 'Other',
};

export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

// Impact factors from NIST SP 800-61 Rev. 2, section 3.2.6 (tables 3-2, 3-3 and 3-4).
export const FUNCTIONAL_IMPACTS = ['none', 'low', 'medium', 'high'] as const;
export type FunctionalImpact = (typeof FUNCTIONAL_IMPACTS)[number];
export const FUNCTIONAL_IMPACT_LABELS: Record<FunctionalImpact, string> = {
  none: 'None',
  low: 'Low',
  medium: 'Medium',
  high: 'High',
};

export const INFORMATION_IMPACTS = [
  'none',
  'privacy_breach',
  'proprietary_breach',
  'integrity_loss',
] as const;
export type InformationImpact = (typeof INFORMATION_IMPACTS)[number];
export const INFORMATION_IMPACT_LABELS: Record<InformationImpact, string> = {
  none: 'None',
  privacy_breach: 'Privacy breach',
  proprietary_breach: 'Proprietary breach',
  integrity_loss: 'Integrity loss',
};

export const RECOVERABILITY = ['regular', 'supplemented', 'extended', 'not_recoverable'] as const;
export type Recoverability = (typeof RECOVERABILITY)[number];
export const RECOVERABILITY_LABELS: Record<Recoverability, string> = {
  regular: 'Regular',
  supplemented: 'Supplemented',
  extended: 'Extended',
  not_recoverable: 'Not recoverable',
};

/** The 14 MITRE ATT&CK Enterprise tactics, in kill-chain order. */
export const ATTACK_TACTICS = [
  'reconnaissance',
  'resource_development',
  'initial_access',
  'execution',
  'persistence',
  'privilege_escalation',
  'defense_evasion',
  'credential_access',
  'discovery',
  'lateral_movement',
  'collection',
  'command_and_control',
  'exfiltration',
  'impact',
] as const;
export type AttackTactic = (typeof ATTACK_TACTICS)[number];
export const ATTACK_TACTIC_LABELS: Record<AttackTactic, string> = {
  reconnaissance: 'Reconnaissance',
  resource_development: 'Resource Development',
  initial_access: 'Initial Access',
  execution: 'Execution',
  persistence: 'Persistence',
  privilege_escalation: 'Privilege Escalation',
  defense_evasion: 'Defense Evasion',
  credential_access: 'Credential Access',
  discovery: 'Discovery',
  lateral_movement: 'Lateral Movement',
  collection: 'Collection',
  command_and_control: 'Command and Control',
  exfiltration: 'Exfiltration',
  impact: 'Impact',
};

/**
 * Label colours from the FIRST TLP 2.0 standard: coloured text on a black background, so labels stay
 * legible on light and dark pages alike. AMBER+STRICT uses the AMBER colours.
 */
export const TLP_COLOURS: Record<Tlp, { fg: string; bg: string }> = {
  CLEAR: { fg: '#FFFFFF', bg: '#000000' },
  GREEN: { fg: '#33FF00', bg: '#000000' },
  AMBER: { fg: '#FFC000', bg: '#000000' },
  'AMBER+STRICT': { fg: '#FFC000', bg: '#000000' },
  RED: { fg: '#FF2B2B', bg: '#000000' },
};

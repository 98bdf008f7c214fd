// Escalation policies and per-ticket escalation progress (DESIGN.md §2.5). Pure: no I/O, no clock.

export { escalationCommandForTicketEvent } from './effects';
export {
  ESCALATION_MACHINE_ID,
  ESCALATION_MACHINE_VERSION,
  ESCALATION_STATES,
  type EscalationContext,
  type EscalationEvent,
  type EscalationInput,
  type EscalationState,
  escalationKey,
  escalationMachine,
} from './machine';
export {
  ESCALATION_ACTIONS,
  ESCALATION_TARGET_KINDS,
  ESCALATION_TRIGGER_KINDS,
  type EscalationAction,
  type EscalationLevel,
  type EscalationPolicy,
  type EscalationTarget,
  type EscalationTargetKind,
  type EscalationTrigger,
  type EscalationTriggerKind,
  MAX_CLOCK_PERCENT,
  MAX_ESCALATION_LEVELS,
  MAX_ESCALATION_REPEAT,
  MAX_UNACKNOWLEDGED_MINUTES,
  parseEscalationPolicy,
  validateEscalationPolicy,
} from './policy';
export {
  acknowledgeEscalation,
  dueEscalations,
  type EscalationClockFacts,
  type EscalationDue,
  type EscalationFacts,
  type EscalationProgress,
  type EscalationStepResult,
  escalationClockFacts,
  fireEscalation,
  migrateEscalation,
  nextEscalationCheckAt,
  type PersistedEscalation,
  readEscalation,
  startEscalation,
  stepEscalation,
} from './progress';

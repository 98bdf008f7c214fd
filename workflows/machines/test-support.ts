// Helpers shared by the machine tests (not a test file itself).
import {
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type AnyStateNode,
  getStateNodes,
  type StateValue,
} from 'xstate';
import { handoffMachine } from './handoff';
import type { LifecycleEvent, LifecycleInput, LifecycleView, MachineName, PersistedLifecycle } from './index';
import { outageMachine } from './outage';
import { securityMachine } from './security';

export const machines: Record<MachineName, AnyStateMachine> = {
  outage: outageMachine,
  security: securityMachine,
  handoff: handoffMachine,
};

/** What a jsonb column gives back. */
export function roundTrip<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function stateValueOf(persisted: PersistedLifecycle): StateValue {
  return (persisted.snapshot as { value: StateValue }).value;
}

/** Independent of the implementation's own status mapping on purpose. */
export function expectedStatus(machine: MachineName, value: StateValue): string {
  if (machine !== 'outage') return value as string;
  const lifecycle = (value as Record<string, StateValue>).lifecycle!;
  return typeof lifecycle === 'string' ? lifecycle : (lifecycle as Record<string, string>).open!;
}

function ancestorsOrSelf(node: AnyStateNode): AnyStateNode[] {
  const chain: AnyStateNode[] = [];
  for (let n: AnyStateNode | undefined = node; n; n = n.parent) chain.push(n);
  return chain;
}

export function allNodes(node: AnyStateNode): AnyStateNode[] {
  return [node, ...Object.values(node.states).flatMap(allNodes)];
}

function edgeKey(
  atomic: AnyStateNode,
  eventType: string,
  targets: readonly AnyStateNode[] | undefined,
): string {
  const to = targets ? targets.map((t) => t.id).join(',') : '(internal)';
  return `${atomic.id} --${eventType}--> ${to}`;
}

/** Every (leaf state, event, target) edge the definition allows, inherited parent transitions included. */
export function definitionEdges(machine: AnyStateMachine): Set<string> {
  const edges = new Set<string>();
  const leaves = allNodes(machine.root).filter((n) => n.type === 'atomic' || n.type === 'final');
  for (const leaf of leaves) {
    for (const node of ancestorsOrSelf(leaf)) {
      for (const [eventType, transitions] of node.transitions) {
        for (const t of transitions) edges.add(edgeKey(leaf, eventType, t.target));
      }
    }
  }
  return edges;
}

/** The definition edges `event` actually takes from `snapshot` (empty when it is refused). */
export function edgesTaken(
  machine: AnyStateMachine,
  snapshot: AnyMachineSnapshot,
  event: LifecycleEvent,
): string[] {
  const leaves = getStateNodes(machine.root, snapshot.value).filter(
    (n) => n.type === 'atomic' || n.type === 'final',
  );
  return machine
    .getTransitionData(snapshot, event)
    .flatMap((t) =>
      leaves
        .filter((leaf) => ancestorsOrSelf(leaf).includes(t.source))
        .map((leaf) => edgeKey(leaf, t.eventType, t.target)),
    );
}

/** Graph vertices must tell history apart, or on_hold-from-new and on_hold-from-identified would merge. */
export function serializeForGraph(snapshot: AnyMachineSnapshot): string {
  const history = Object.fromEntries(
    Object.entries(snapshot.historyValue ?? {}).map(([key, nodes]) => [key, nodes.map((n) => n.id)]),
  );
  return JSON.stringify({ value: snapshot.value, context: snapshot.context, history });
}

export interface TraversalModel {
  name: MachineName;
  label: string;
  input?: LifecycleInput;
  events: LifecycleEvent[];
}

export const traversalModels: TraversalModel[] = [
  {
    name: 'outage',
    label: 'outage',
    events: [
      { type: 'ACK' },
      { type: 'INVESTIGATE' },
      { type: 'IDENTIFY' },
      { type: 'FIX' },
      { type: 'RESOLVE', resolutionSummary: 'rolled back the change', causeCategory: 'configuration_change' },
      { type: 'RESOLVE', resolutionSummary: ' ', causeCategory: 'unknown' },
      { type: 'CLOSE' },
      { type: 'REOPEN' },
      { type: 'HOLD', reason: 'vendor' },
      { type: 'HOLD', reason: 'change_window' },
      { type: 'RESUME' },
      { type: 'REQUEST_HANDOFF' },
      { type: 'HANDOFF_ACCEPTED' },
      { type: 'HANDOFF_DECLINED' },
      { type: 'SOC_CLEARED' },
      { type: 'SET_PRESERVE_HOLD', hold: true },
      { type: 'SET_PRESERVE_HOLD', hold: false },
    ],
  },
  ...([undefined, { severity: 'high' }] as const).map(
    (input): TraversalModel => ({
      name: 'security',
      label: input ? 'security (severity known)' : 'security',
      input,
      events: [
        { type: 'DISMISS', resolution: 'false_positive' },
        { type: 'DISMISS', resolution: 'duplicate' },
        { type: 'CONFIRM' },
        { type: 'CONFIRM', severity: 'critical' },
        { type: 'CONTAIN' },
        { type: 'ERADICATE' },
        { type: 'RECOVER' },
        { type: 'REVIEW' },
        { type: 'REVIEW', rootCause: 'phished VPN credentials' },
        { type: 'CLOSE' },
        { type: 'CLOSE', lessonsLearned: 'enforce MFA on VPN' },
        { type: 'REOPEN', actorRole: 'soc_analyst' },
        { type: 'REOPEN', actorRole: 'manager' },
        { type: 'SET_SEVERITY', severity: 'critical' },
        { type: 'SET_SEVERITY', severity: 'bogus' as never },
      ],
    }),
  ),
  {
    name: 'handoff',
    label: 'handoff',
    events: [
      { type: 'ACCEPT' },
      { type: 'DECLINE', reason: '' },
      { type: 'DECLINE', reason: 'not a security event: failed disk' },
      { type: 'OLA_BREACHED' },
    ],
  },
];

export type Step = { event: LifecycleEvent; view: LifecycleView };

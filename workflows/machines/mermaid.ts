import type { AnyStateNode, AnyTransitionDefinition } from 'xstate';
import { MACHINES, type MachineName } from './registry';

function guardLabel(transition: AnyTransitionDefinition): string {
  const { guard } = transition;
  if (guard === undefined) return '';
  if (typeof guard === 'string') return ` [${guard}]`;
  if (typeof guard === 'object' && 'type' in guard) return ` [${String(guard.type)}]`;
  return ' [guarded]';
}

function ancestors(node: AnyStateNode): AnyStateNode[] {
  const chain: AnyStateNode[] = [];
  for (let current: AnyStateNode | undefined = node; current; current = current.parent)
    chain.unshift(current);
  return chain;
}

/** The deepest composite containing both ends: the only block where Mermaid draws the edge in place. */
function scopeOf(source: AnyStateNode, target: AnyStateNode): AnyStateNode {
  const a = ancestors(source.parent ?? source);
  const b = ancestors(target.parent ?? target);
  let scope = a[0]!;
  for (let i = 0; i < Math.min(a.length, b.length) && a[i] === b[i]; i++) scope = a[i]!;
  return scope;
}

function edgeLines(node: AnyStateNode, scopes: Map<AnyStateNode, string[]>): void {
  for (const transitions of node.transitions.values()) {
    for (const transition of transitions) {
      // A targetless transition only updates context: drawn as a self-loop.
      for (const rawTarget of transition.target ?? [node]) {
        // A history pseudo-state has no box of its own; the edge points at its composite.
        const target = rawTarget.type === 'history' ? rawTarget.parent! : rawTarget;
        const suffix = rawTarget.type === 'history' ? ' (previous state)' : '';
        const line = `${node.key} --> ${target.key} : ${transition.eventType}${guardLabel(transition)}${suffix}`;
        const scope = scopeOf(node, target);
        scopes.set(scope, [...(scopes.get(scope) ?? []), line]);
      }
    }
  }
  for (const child of Object.values(node.states)) edgeLines(child, scopes);
}

function block(node: AnyStateNode, scopes: Map<AnyStateNode, string[]>, indent: string): string[] {
  const children = Object.values(node.states).filter((child) => child.type !== 'history');
  const lines: string[] = [];
  if (node.type === 'parallel') {
    children.forEach((region, i) => {
      if (i > 0) lines.push(`${indent}--`);
      lines.push(`${indent}state ${region.key} {`, ...block(region, scopes, `${indent}  `), `${indent}}`);
    });
    return lines;
  }
  const initial = node.initial?.target[0];
  if (initial) lines.push(`${indent}[*] --> ${initial.key}`);
  for (const child of children) {
    if (child.type === 'compound' || child.type === 'parallel') {
      lines.push(`${indent}state ${child.key} {`, ...block(child, scopes, `${indent}  `), `${indent}}`);
    }
    if (child.type === 'final') lines.push(`${indent}${child.key} --> [*]`);
  }
  for (const line of scopes.get(node) ?? []) lines.push(`${indent}${line}`);
  return lines;
}

function checkUniqueKeys(node: AnyStateNode, seen = new Set<string>()): void {
  for (const child of Object.values(node.states)) {
    // Mermaid ids are global to a diagram, so two states with one key would silently merge.
    if (child.type !== 'history' && seen.has(child.key)) throw new Error(`duplicate state key ${child.key}`);
    seen.add(child.key);
    checkUniqueKeys(child, seen);
  }
}

/** A stateDiagram-v2 generated from the machine definition, so the picture cannot drift from the code. */
export function toMermaid(name: MachineName): string {
  const { root } = MACHINES[name].machine;
  checkUniqueKeys(root);
  const scopes = new Map<AnyStateNode, string[]>();
  edgeLines(root, scopes);
  const body =
    root.type === 'parallel'
      ? [`  [*] --> ${root.key}`, `  state ${root.key} {`, ...block(root, scopes, '    '), '  }']
      : block(root, scopes, '  ');
  return ['stateDiagram-v2', ...body].join('\n');
}

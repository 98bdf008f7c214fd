import { describe, expect, it } from 'vitest';
import { MACHINE_NAMES, toMermaid } from './index';
import { allNodes, machines } from './test-support';

describe.each(MACHINE_NAMES)('toMermaid(%s)', (name) => {
  const machine = machines[name];
  const text = toMermaid(name);
  const transitions = allNodes(machine.root).flatMap((node) =>
    [...node.transitions.values()].flat().map((t) => ({ node, t })),
  );

  it('is a stateDiagram-v2 with one edge line per transition of the definition', () => {
    expect(text.split('\n')[0]).toBe('stateDiagram-v2');
    const edgeLines = text.split('\n').filter((line) => / --> /.test(line) && !line.includes('[*]'));
    expect(edgeLines).toHaveLength(transitions.length);
    for (const { node, t } of transitions) {
      const target = t.target?.[0];
      const shown = target ? (target.type === 'history' ? target.parent!.key : target.key) : node.key;
      expect(text).toContain(`${node.key} --> ${shown} : ${t.eventType}`);
    }
  });

  it('marks the initial state of every composite', () => {
    const composites = allNodes(machine.root).filter((n) => n.type === 'compound');
    for (const node of composites) expect(text).toContain(`[*] --> ${node.initial.target[0]!.key}`);
  });
});

describe('toMermaid(outage)', () => {
  it('draws the two parallel regions, the hold history and the guards', () => {
    const text = toMermaid('outage');
    expect(text).toMatch(/state lifecycle \{[\s\S]*\n\s*--\n\s*state security \{/);
    expect(text).toContain('on_hold --> open : RESUME (previous state)');
    expect(text).toContain('resolved --> closed : CLOSE [evidenceNotPreserved]');
    expect(text).toContain('monitoring --> resolved : RESOLVE [validResolution]');
  });
});

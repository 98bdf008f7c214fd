import { describe, expect, it } from 'vitest';
import { OPEN_OUTAGE_STATUSES } from './index';
import { definitionEdges, machines } from './test-support';

/** `outage.lifecycle.open.new --ACK--> outage.lifecycle.open.acknowledged` -> `new ACK acknowledged`. */
function shortEdges(name: keyof typeof machines): string[] {
  const last = (id: string) => id.split('.').at(-1);
  return [...definitionEdges(machines[name])]
    .map((edge) => {
      const [, from, event, to] = /^(\S+) --(\S+)--> (\S+)$/.exec(edge)!;
      return `${last(from!)} ${event} ${to === '(internal)' ? '(self)' : last(to!)}`;
    })
    .sort();
}

// Written out from DESIGN.md §2.3 by hand, so a transition added or lost in the machine shows up here.
describe('machines implement exactly the DESIGN §2.3 graphs', () => {
  it('outage', () => {
    expect(shortEdges('outage')).toEqual(
      [
        'new ACK acknowledged',
        'acknowledged INVESTIGATE investigating',
        'investigating IDENTIFY identified',
        'investigating FIX monitoring',
        'identified FIX monitoring',
        'monitoring RESOLVE resolved',
        'resolved CLOSE closed',
        'resolved REOPEN investigating',
        ...OPEN_OUTAGE_STATUSES.map((s) => `${s} HOLD on_hold`),
        'on_hold RESUME previous',
        'none REQUEST_HANDOFF handoff_requested',
        'handoff_requested HANDOFF_ACCEPTED under_soc_investigation',
        'handoff_requested HANDOFF_DECLINED none',
        'under_soc_investigation SOC_CLEARED cleared',
        'handoff_requested SET_PRESERVE_HOLD (self)',
        'under_soc_investigation SET_PRESERVE_HOLD (self)',
      ].sort(),
    );
  });

  it('security', () => {
    expect(shortEdges('security')).toEqual(
      [
        'triage DISMISS closed',
        'triage CONFIRM investigating',
        'investigating CONTAIN containment',
        'containment ERADICATE eradication',
        'eradication RECOVER recovery',
        'recovery REVIEW post_incident',
        'post_incident CLOSE closed',
        'closed REOPEN investigating',
        // Re-assessing the severity (a field of the machine's context) in every open phase.
        ...['triage', 'investigating', 'containment', 'eradication', 'recovery', 'post_incident'].map(
          (state) => `${state} SET_SEVERITY (self)`,
        ),
      ].sort(),
    );
  });

  it('handoff', () => {
    expect(shortEdges('handoff')).toEqual(
      [
        'requested ACCEPT accepted',
        'requested DECLINE declined',
        'requested OLA_BREACHED escalated',
        'escalated ACCEPT accepted',
        'escalated DECLINE declined',
      ].sort(),
    );
  });

  it('machines carry the ids the services persist', () => {
    expect(Object.values(machines).map((m) => m.id)).toEqual(['outage', 'security', 'handoff']);
  });
});

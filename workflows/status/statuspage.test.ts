import { describe, expect, it } from 'vitest';
import { pageIndicator, type SnapshotIncident, type StatusSnapshot, statuspageDocuments } from './statuspage';
import { STATUSPAGE_SHAPES } from './statuspage-shapes';

const T = (hhmm: string) => new Date(`2026-11-20T${hhmm}:00Z`);

function incidentOf(id: string, overrides: Partial<SnapshotIncident> = {}): SnapshotIncident {
  return {
    id,
    name: `Incident ${id}`,
    status: 'identified',
    impact: 'major',
    createdAt: T('09:40'),
    updatedAt: T('10:05'),
    startedAt: T('09:40'),
    monitoringAt: null,
    resolvedAt: null,
    shortlink: `https://watchfloor.example/status/acme/incidents/${id}`,
    updates: [
      {
        id: `${id}-u2`,
        status: 'identified',
        body: 'Certificate rotation failed; rolling back.',
        createdAt: T('10:05'),
        displayAt: T('10:05'),
        affectedComponents: [
          { id: 'payments', name: 'Payments', oldStatus: 'major_outage', newStatus: 'partial_outage' },
        ],
      },
      {
        id: `${id}-u1`,
        status: 'investigating',
        body: 'We are investigating failed card payments.',
        createdAt: T('09:40'),
        displayAt: T('09:40'),
        affectedComponents: [
          { id: 'payments', name: 'Payments', oldStatus: 'operational', newStatus: 'major_outage' },
        ],
      },
    ],
    componentIds: ['payments'],
    ...overrides,
  };
}

const snapshot: StatusSnapshot = {
  page: {
    id: 'acme',
    name: 'Acme',
    url: 'https://watchfloor.example/status/acme',
    timeZone: 'America/New_York',
    updatedAt: T('10:05'),
  },
  groups: [
    {
      id: 'customer-facing',
      name: 'Customer-facing',
      position: 0,
      createdAt: T('00:00'),
      updatedAt: T('10:05'),
    },
  ],
  components: [
    {
      id: 'website',
      name: 'Website',
      description: 'Storefront',
      status: 'operational',
      position: 1,
      groupId: 'customer-facing',
      createdAt: T('00:00'),
      updatedAt: T('00:00'),
    },
    {
      id: 'payments',
      name: 'Payments',
      description: null,
      status: 'partial_outage',
      position: 2,
      groupId: 'customer-facing',
      createdAt: T('00:00'),
      updatedAt: T('10:05'),
    },
    {
      id: 'vpn',
      name: 'VPN',
      description: null,
      status: 'operational',
      position: 3,
      groupId: null,
      createdAt: T('00:00'),
      updatedAt: T('00:00'),
    },
  ],
  incidents: [
    incidentOf('now'),
    incidentOf('earlier', { status: 'resolved', impact: 'minor', resolvedAt: T('08:00') }),
  ],
  maintenances: [
    {
      ...incidentOf('window', { impact: 'none', componentIds: ['vpn'] }),
      status: 'scheduled',
      updates: [],
      scheduledFor: new Date('2026-11-22T02:00:00Z'),
      scheduledUntil: new Date('2026-11-22T04:00:00Z'),
    },
    {
      ...incidentOf('done', { impact: 'none', componentIds: ['vpn'] }),
      status: 'completed',
      updates: [],
      scheduledFor: new Date('2026-11-15T02:00:00Z'),
      scheduledUntil: new Date('2026-11-15T04:00:00Z'),
    },
  ],
};

describe('Statuspage-compatible documents', () => {
  it.each(Object.keys(STATUSPAGE_SHAPES) as (keyof typeof STATUSPAGE_SHAPES)[])(
    '%s has exactly the documented shape',
    (name) => {
      const document = statuspageDocuments[name](snapshot);
      const parsed = STATUSPAGE_SHAPES[name].safeParse(JSON.parse(JSON.stringify(document)));
      expect(parsed.error?.issues ?? []).toEqual([]);
    },
  );

  it('summary lists unresolved incidents and maintenance not yet completed; groups carry their members', () => {
    const summary = statuspageDocuments['summary.json'](snapshot);
    expect(summary.incidents.map((i) => i.id)).toEqual(['now']);
    expect(summary.scheduled_maintenances.map((m) => m.id)).toEqual(['window']);
    const group = summary.components.find((c) => c.group)!;
    expect(group).toMatchObject({
      id: 'customer-facing',
      status: 'partial_outage',
      components: ['website', 'payments'],
    });
    expect(summary.components.map((c) => c.id)).toEqual(['customer-facing', 'website', 'payments', 'vpn']);
    expect(summary.incidents[0]!.incident_updates[0]!.affected_components[0]).toEqual({
      code: 'payments',
      name: 'Payments',
      old_status: 'major_outage',
      new_status: 'partial_outage',
    });
    const history = statuspageDocuments['incidents.json'](snapshot);
    expect(history.incidents.map((i) => i.id)).toEqual(['now', 'earlier']);
    const many = { ...snapshot, incidents: Array.from({ length: 60 }, (_, i) => incidentOf(`i${i}`)) };
    expect(statuspageDocuments['incidents.json'](many).incidents).toHaveLength(50);
  });

  it('the indicator is the worst of components and unresolved incidents, with Statuspage wording', () => {
    expect(pageIndicator(snapshot)).toEqual({ indicator: 'major', description: 'Partial System Outage' });
    const calm = {
      ...snapshot,
      components: snapshot.components.map((c) => ({ ...c, status: 'operational' as const })),
      incidents: [],
    };
    expect(pageIndicator(calm)).toEqual({ indicator: 'none', description: 'All Systems Operational' });
    const critical = { ...calm, incidents: [incidentOf('big', { impact: 'critical' })] };
    expect(pageIndicator(critical)).toEqual({ indicator: 'critical', description: 'Major System Outage' });
    const maintenance = {
      ...calm,
      components: calm.components.map((c, i) =>
        i === 0 ? { ...c, status: 'under_maintenance' as const } : c,
      ),
    };
    expect(pageIndicator(maintenance).description).toBe('Service Under Maintenance');
    // A resolved incident no longer raises the indicator.
    const resolved = { ...calm, incidents: [incidentOf('old', { status: 'resolved', impact: 'critical' })] };
    expect(pageIndicator(resolved).indicator).toBe('none');
  });
});

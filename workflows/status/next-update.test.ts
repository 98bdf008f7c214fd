import { describe, expect, it } from 'vitest';
import { statusesSoFar } from './next-update';

describe('statusesSoFar', () => {
  it('is empty before the first update: every status is chosen explicitly', () => {
    expect(statusesSoFar([])).toEqual({});
  });

  it('keeps what an earlier update set on a service a later one does not list', () => {
    expect(
      statusesSoFar([
        {
          status: 'investigating',
          components: [
            { serviceId: 'web', status: 'major_outage' },
            { serviceId: 'api', status: 'partial_outage' },
          ],
        },
        { status: 'identified', components: [{ serviceId: 'api', status: 'degraded_performance' }] },
      ]),
    ).toEqual({ web: 'major_outage', api: 'degraded_performance' });
  });

  it('returns everything to operational at a resolved update, and a reopening sets afresh', () => {
    const resolved = [
      {
        status: 'investigating' as const,
        components: [{ serviceId: 'web', status: 'major_outage' as const }],
      },
      { status: 'resolved' as const, components: [] },
    ];
    expect(statusesSoFar(resolved)).toEqual({ web: 'operational' });
    expect(
      statusesSoFar([
        ...resolved,
        { status: 'investigating', components: [{ serviceId: 'api', status: 'partial_outage' }] },
      ]),
    ).toEqual({ web: 'operational', api: 'partial_outage' });
  });
});

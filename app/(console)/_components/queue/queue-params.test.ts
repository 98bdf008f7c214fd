import { describe, expect, it } from 'vitest';
import { filterValues, listInput, viewHref } from './queue-params';

const UUID = '3f0e8c2a-4b1d-4c6e-9a7f-2d5b8e1c0a93';

describe('queue filters in the URL', () => {
  it('reads a plain view as open tickets, most urgent SLA first', () => {
    expect(listInput(filterValues('noc', {}))).toEqual({
      kind: 'outage',
      openOnly: true,
      sort: 'urgency',
      limit: 50,
    });
    expect(listInput(filterValues('mine', {}))).toMatchObject({ assignee: 'me', openOnly: true });
    expect(listInput(filterValues('breaching', {}))).toMatchObject({ dueWithinMinutes: 60, openOnly: true });
  });

  it('turns every filter into the list input, and a status scope into statuses', () => {
    const values = filterValues('all', {
      kind: 'security',
      status: 'done',
      priority: 'P2',
      customer: UUID,
      service: UUID,
      assignee: 'none',
      clock: 'breached',
      due: '240',
      sort: 'newest',
    });
    expect(listInput(values, 'abc')).toEqual({
      kind: 'security',
      status: ['resolved', 'closed'],
      priority: ['P2'],
      organisationId: UUID,
      serviceId: UUID,
      assignee: 'none',
      clock: 'breached',
      dueWithinMinutes: 240,
      sort: 'newest',
      limit: 50,
      cursor: 'abc',
    });
    expect(listInput(filterValues('all', { status: 'all' }))).not.toHaveProperty('openOnly');
    expect(listInput(filterValues('all', { status: 'on_hold' }))).toMatchObject({ status: ['on_hold'] });
  });

  it('drops what a link gets wrong for the default, and never lets the URL undo what a view fixes', () => {
    const values = filterValues('noc', {
      priority: 'P9',
      customer: 'acme',
      sort: ['newest', 'oldest'],
      kind: 'security',
    });
    expect(values).toMatchObject({ priority: '', customer: '', sort: 'newest', kind: 'outage' });
    expect(filterValues('mine', { assignee: UUID }).assignee).toBe('me');
  });

  it('writes only what differs from the defaults, keeping the view of /tickets', () => {
    expect(viewHref('noc', filterValues('noc', {}))).toBe('/noc');
    expect(viewHref('noc', { ...filterValues('noc', {}), priority: 'P1' })).toBe('/noc?priority=P1');
    expect(viewHref('mine', { status: 'all', assignee: 'none' }, 'c1')).toBe(
      '/tickets?view=mine&status=all&cursor=c1',
    );
    expect(viewHref('all', { sort: 'urgency', status: 'open' })).toBe('/tickets');
  });
});

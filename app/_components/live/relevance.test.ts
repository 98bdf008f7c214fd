import { describe, expect, it } from 'vitest';
import type { LiveEvent, LiveTicket } from '@/server/realtime/events';
import { refreshesPage } from './relevance';

const outage: LiveTicket = { id: '00000000-0000-4000-8000-000000000001', number: 'OUT-1042', kind: 'outage' };
const incident: LiveTicket = {
  id: '00000000-0000-4000-8000-000000000002',
  number: 'SEC-77',
  kind: 'security',
};
const changed = (...tickets: LiveTicket[]): LiveEvent => ({ type: 'changed', tickets });
const resync: LiveEvent = { type: 'resync' };

describe('which live events refresh which page', () => {
  it('a ticket page follows its own ticket only, whatever case its address is in', () => {
    expect(refreshesPage('/tickets/OUT-1042', changed(outage))).toBe(true);
    expect(refreshesPage('/tickets/out-1042', changed(outage))).toBe(true);
    expect(refreshesPage('/tickets/OUT-1042', changed(incident))).toBe(false);
    expect(refreshesPage('/tickets/OUT-10420', changed(outage))).toBe(false);
    expect(refreshesPage('/tickets/SEC-77', changed(outage, incident))).toBe(true);
  });

  it('the NOC queue and wallboard follow outages; the SOC queue (handoffs are outage changes) and lists follow all', () => {
    expect(refreshesPage('/noc', changed(outage))).toBe(true);
    expect(refreshesPage('/noc', changed(incident))).toBe(false);
    expect(refreshesPage('/wallboard', changed(outage))).toBe(true);
    expect(refreshesPage('/wallboard', changed(incident))).toBe(false);
    expect(refreshesPage('/soc', changed(outage))).toBe(true);
    expect(refreshesPage('/soc', changed(incident))).toBe(true);
    expect(refreshesPage('/notifications', changed(incident))).toBe(true);
    expect(refreshesPage('/search', changed(outage))).toBe(true);
  });

  it('forms, editors and reports are never reloaded under the person using them', () => {
    for (const page of ['/tickets/new', '/admin/sla', '/admin', '/reports', '/reports/sla']) {
      expect(refreshesPage(page, changed(outage, incident)), page).toBe(false);
      expect(refreshesPage(page, resync), page).toBe(false);
    }
  });

  it('a resync refreshes every page that shows tickets', () => {
    for (const page of ['/noc', '/wallboard', '/soc', '/tickets/OUT-1042', '/notifications'])
      expect(refreshesPage(page, resync), page).toBe(true);
  });
});

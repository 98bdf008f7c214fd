import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '@/server/services/tickets/timeline';
import { Timeline } from './timeline';

const at = new Date('2026-11-02T09:00:00.000Z');
const render = (entries: TimelineEntry[]) =>
  renderToStaticMarkup(createElement(Timeline, { entries })).replace(/<[^>]+>/g, ' ');

describe('the staff timeline', () => {
  it('numbers escalation levels from 1, as their notifications do (the payload keeps the index)', () => {
    const text = render([
      {
        seq: 1,
        type: 'escalation.fired',
        at,
        actor: 'scheduler',
        payload: { level: 0, actions: ['notify'] },
      },
      {
        seq: 2,
        type: 'escalation.fired',
        at,
        actor: 'scheduler',
        payload: { level: 1, actions: ['notify'] },
      },
    ]);
    expect(text).toContain('Escalation level 1 fired (notify)');
    expect(text).toContain('Escalation level 2 fired (notify)');
    expect(text).not.toContain('level 0');
  });

  it('says whom a notification or reassignment skipped, and why, without more than ids and roles', () => {
    const text = render([
      {
        seq: 1,
        type: 'escalation.fired',
        at,
        actor: 'scheduler',
        payload: {
          level: 0,
          actions: ['notify', 'reassign'],
          skipped: [
            { role: 'noc_engineer', reason: 'need_to_know' },
            { user: '0e7bd92e-90bd-433b-ad3b-cdb04ff66c82', reason: 'inactive' },
          ],
        },
      },
    ]);
    expect(text).toContain('Skipped: role noc engineer (may not see this ticket), user 0e7bd92e (inactive)');
  });

  it('names assignees, and still reads assignments recorded before names (by e-mail)', () => {
    const text = render([
      {
        seq: 1,
        type: 'ticket.assigned',
        at,
        actor: 'Morgan Manager',
        payload: { from: null, to: 'u1', toEmail: 'noc@watchfloor.test', fromName: null, toName: 'Nico NOC' },
      },
      {
        seq: 2,
        type: 'ticket.assigned',
        at,
        actor: 'Morgan Manager',
        payload: { from: 'u1', to: 'u2', toEmail: 'x@y.test' },
      },
      {
        seq: 3,
        type: 'ticket.assigned',
        at,
        actor: 'Ada Admin',
        payload: { from: 'u2', to: null, fromName: 'Ada Admin' },
      },
    ]);
    expect(text).toContain('Assigned to Nico NOC');
    expect(text).not.toContain('noc@watchfloor.test');
    expect(text).toContain('Assigned to x@y.test');
    expect(text).toContain('Unassigned (was Ada Admin)');
  });

  it('shows a priority change old → new with the impact × urgency on both sides, and old events too', () => {
    const text = render([
      {
        seq: 1,
        type: 'ticket.priority_changed',
        at,
        actor: 'Nico NOC',
        payload: {
          matrix: 'P1',
          from: { priority: 'P2', impact: 'high', urgency: 'medium' },
          changes: { urgency: { from: 'medium', to: 'high' }, priority: { from: 'P2', to: 'P1' } },
        },
      },
      {
        seq: 2,
        type: 'ticket.priority_changed',
        at,
        actor: 'Nico NOC',
        payload: {
          matrix: 'P4',
          changes: { impact: { from: 'high', to: 'low' }, priority: { from: 'P2', to: 'P4' } },
        },
      },
      {
        seq: 3,
        type: 'ticket.priority_changed',
        at,
        actor: 'scheduler',
        payload: { changes: { priority: { from: 'P3', to: 'P2' } }, reason: 'escalation' },
      },
    ]);
    expect(text).toContain('Priority: P2 → P1');
    expect(text).toContain('high impact × medium urgency → high impact × high urgency');
    expect(text).toContain('Priority: P2 → P4');
    expect(text).toContain('impact: high → low');
    expect(text).toContain('Priority by escalation: P3 → P2');
  });

  it('badges comments internal or public and labels clock, custody and handoff events', () => {
    const text = render([
      {
        seq: 1,
        type: 'comment.added',
        at,
        actor: 'Nico NOC',
        payload: { body: 'vendor case 4411', visibility: 'internal' },
      },
      {
        seq: 2,
        type: 'comment.added',
        at,
        actor: 'Nico NOC',
        payload: { body: 'We are on it', visibility: 'public' },
      },
      { seq: 3, type: 'sla.clock_reopen', at, actor: 'Nico NOC', payload: { metric: 'resolution' } },
      {
        seq: 4,
        type: 'evidence.transferred',
        at,
        actor: 'Sasha SOC',
        payload: { name: 'syslog', from: 'Nora', to: 'Sasha', reason: 'analysis' },
      },
      { seq: 5, type: 'handoff.declined', at, actor: 'Sasha SOC', payload: { reason: 'not security' } },
    ]);
    expect(text).toMatch(/Comment\s+Internal\s+Nico NOC/);
    expect(text).toMatch(/Comment\s+Public\s+Nico NOC/);
    expect(text).toMatch(/SLA clock\s+Resolution SLA reopened/);
    expect(text).toMatch(/Custody\s+Custody of syslog: Nora → Sasha/);
    expect(text).toMatch(/Handoff\s+Handoff declined by the SOC/);
  });

  it('labels post-incident review events, with the follow-up action they are about', () => {
    const text = render([
      { seq: 1, type: 'review.draft_saved', at, actor: 'noc@watchfloor.test', payload: { revision: 1 } },
      {
        seq: 2,
        type: 'review.follow_up_added',
        at,
        actor: 'noc@watchfloor.test',
        payload: { title: 'Lint route maps', dueOn: '2026-11-20' },
      },
      { seq: 3, type: 'review.published', at, actor: 'noc@watchfloor.test', payload: {} },
    ]);
    expect(text).toContain('Post-incident review draft saved');
    expect(text).toContain('Follow-up action added: Lint route maps');
    expect(text).toContain('Post-incident review published');
    expect(text).not.toContain('review.');
  });
});

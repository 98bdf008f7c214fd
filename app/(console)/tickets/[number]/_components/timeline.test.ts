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

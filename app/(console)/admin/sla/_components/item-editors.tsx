import type { ReactNode } from 'react';
import type { serverCaller } from '@/server/api/server-caller';
import { itemOrNew } from './admin-page';
import { CalendarEditor } from './calendar-editor';
import { EscalationPolicyEditor } from './escalation-policy-editor';
import { PolicyEditor } from './policy-editor';
import type { SlaAdminSection } from './routes';

interface EditorRequest {
  api: Awaited<ReturnType<typeof serverCaller>>;
  canEdit: boolean;
  /** An item's id, or `new`. */
  id: string;
  notice?: string;
}

/** What a detail page shows: the item's name (null when creating) and its editor. */
type ItemEditor = (request: EditorRequest) => Promise<{ name: string | null; editor: ReactNode }>;

const choices = (rows: { id: string; name: string }[]) => rows.map(({ id, name }) => ({ id, name }));

/** For each section, the data its editor needs and the editor (a `key` per item, so state never carries over). */
export const ITEM_EDITORS: Record<SlaAdminSection, ItemEditor> = {
  async calendars({ api, canEdit, id, notice }) {
    const calendar = itemOrNew(await api.sla.calendars(), id, canEdit);
    const initial = calendar && {
      id: calendar.id,
      name: calendar.name,
      timeZone: calendar.timeZone,
      weekly: calendar.weekly,
      holidays: calendar.holidays,
      holidayPreset: calendar.holidayPreset,
    };
    return {
      name: calendar?.name ?? null,
      editor: <CalendarEditor key={id} initial={initial} readOnly={!canEdit} notice={notice} />,
    };
  },

  async policies({ api, canEdit, id, notice }) {
    const [policies, calendars, escalations] = await Promise.all([
      api.sla.policies(),
      api.sla.calendars(),
      api.escalationPolicies.list(),
    ]);
    const policy = itemOrNew(policies, id, canEdit);
    const initial = policy && {
      id: policy.id,
      name: policy.name,
      calendarId: policy.calendarId,
      escalationPolicyId: policy.escalationPolicyId,
      targets: policy.targets,
      warnThresholds: policy.warnThresholds,
    };
    return {
      name: policy?.name ?? null,
      editor: (
        <PolicyEditor
          key={id}
          initial={initial}
          readOnly={!canEdit}
          notice={notice}
          calendars={choices(calendars)}
          escalationPolicies={choices(escalations)}
        />
      ),
    };
  },

  async escalationPolicies({ api, canEdit, id, notice }) {
    const [escalations, staff] = await Promise.all([api.escalationPolicies.list(), api.directory.staff()]);
    const escalation = itemOrNew(escalations, id, canEdit);
    const initial = escalation && {
      id: escalation.id,
      name: escalation.name,
      levels: escalation.levels,
      repeat: escalation.repeat,
    };
    return {
      name: escalation?.name ?? null,
      editor: (
        <EscalationPolicyEditor
          key={id}
          initial={initial}
          readOnly={!canEdit}
          notice={notice}
          staff={staff.map((s) => ({ id: s.id, name: s.name, role: s.role }))}
        />
      ),
    };
  },
};

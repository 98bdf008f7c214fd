import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../db/client';
import { escalationPolicies, slaPolicies } from '../../../db/schema';
import { testEngines } from '../../../test/databases';
import { useDemoWorld } from '../../../test/suite';
import { expectServiceError } from '../../../test/tickets';
import type { DemoWorld } from '../../../test/world';
import { DEFAULT_SLA_TARGETS } from '../../../workflows/sla/targets';
import { saveCalendar } from './save-calendar';
import { savePolicy } from './save-policy';

describe.each(testEngines())('SLA policies on $engine', ({ open }) => {
  let handle: DatabaseHandle;
  let world: DemoWorld;

  useDemoWorld({ open, sla: true }, (setup) => ({ handle, world } = setup));

  const acme = async () => {
    const [row] = await handle.db.select().from(slaPolicies).where(eq(slaPolicies.name, 'Acme standard'));
    return row!;
  };
  const edit = (policy: Awaited<ReturnType<typeof acme>>, extra: Record<string, unknown> = {}) => ({
    id: policy.id,
    name: policy.name,
    calendarId: policy.calendarId,
    targets: policy.targets as Record<string, unknown>,
    warnThresholds: policy.warnThresholds,
    ...extra,
  });

  it('keeps the escalation policy when a save leaves it out, clears it on null, sets it by id', async () => {
    const admin = await world.as('admin@watchfloor.test');
    const before = await acme();
    expect(before.escalationPolicyId).not.toBeNull();
    await savePolicy(admin, edit(before, { warnThresholds: [50, 90] }));
    expect(await acme()).toMatchObject({
      escalationPolicyId: before.escalationPolicyId,
      warnThresholds: [50, 90],
    });
    await savePolicy(admin, edit(before, { escalationPolicyId: null }));
    expect((await acme()).escalationPolicyId).toBeNull();
    await savePolicy(admin, edit(before, { escalationPolicyId: before.escalationPolicyId }));
    expect((await acme()).escalationPolicyId).toBe(before.escalationPolicyId);
  });

  it('refuses unknown references, other roles and a taken name', async () => {
    const admin = await world.as('admin@watchfloor.test');
    const policy = await acme();
    const [escalation] = await handle.db.select().from(escalationPolicies);
    const unknown = '5d1e8a2c-3f4b-4c6d-9e8f-0a1b2c3d4e5f';
    const noEscalation = await expectServiceError(
      savePolicy(admin, edit(policy, { escalationPolicyId: unknown })),
      'BAD_REQUEST',
    );
    expect(noEscalation.fieldErrors?.escalationPolicyId).toBeDefined();
    const noCalendar = await expectServiceError(
      savePolicy(admin, edit(policy, { calendarId: unknown })),
      'BAD_REQUEST',
    );
    expect(noCalendar.fieldErrors?.calendarId).toBeDefined();
    await expectServiceError(
      savePolicy(await world.as('manager@watchfloor.test'), edit(policy)),
      'FORBIDDEN',
    );
    await expectServiceError(
      savePolicy(admin, {
        name: 'Globex premium',
        calendarId: policy.calendarId,
        targets: DEFAULT_SLA_TARGETS as Record<string, unknown>,
        escalationPolicyId: escalation!.id,
      }),
      'CONFLICT',
    );
  });

  // The validators' paths reach the caller as field errors keyed by dotted path: a form shows each next to
  // its own row, not all of them under one field.
  it('answers a bad calendar row, holiday or preset on that row’s key', async () => {
    const admin = await world.as('admin@watchfloor.test');
    const calendar = {
      name: 'Rows',
      timeZone: 'Europe/Berlin',
      weekly: [
        { day: 1, start: '09:00', end: '17:00' },
        { day: 2, start: '09:00', end: '17:00' },
        { day: 1, start: '16:00', end: '18:00' },
      ],
    };
    const overlap = await expectServiceError(saveCalendar(admin, calendar), 'BAD_REQUEST');
    expect(overlap.fieldErrors).toEqual({
      'weekly.2.start': ['Working hours overlap: Monday 09:00–17:00 and Monday 16:00–18:00.'],
    });
    const zone = await expectServiceError(
      saveCalendar(admin, { ...calendar, timeZone: 'Mars/Olympus', weekly: calendar.weekly.slice(0, 2) }),
      'BAD_REQUEST',
    );
    expect(Object.keys(zone.fieldErrors ?? {})).toEqual(['timeZone']);
    const preset = await expectServiceError(
      saveCalendar(admin, {
        ...calendar,
        weekly: calendar.weekly.slice(0, 2),
        holidayPreset: { country: 'DE', state: 'ZZ' },
      }),
      'BAD_REQUEST',
    );
    expect(Object.keys(preset.fieldErrors ?? {})).toEqual(['holidayPreset.state']);
  });

  it('answers a bad target on its metric, table and key', async () => {
    const admin = await world.as('admin@watchfloor.test');
    const policy = await acme();
    const targets = {
      ...(policy.targets as Record<string, unknown>),
      resolution: {
        byPriority: { P1: { ms: 0 }, P2: { ms: 60_000, calendarId: '5d1e8a2c-3f4b-4c6d-9e8f-0a1b2c3d4e5f' } },
      },
    };
    const bad = await expectServiceError(savePolicy(admin, edit(policy, { targets })), 'BAD_REQUEST');
    expect(Object.keys(bad.fieldErrors ?? {})).toEqual(['targets.resolution.byPriority.P1.ms']);
    // A well-formed id that names no calendar: found in the database, answered on the same kind of key.
    const { P1: _, ...rest } = targets.resolution.byPriority;
    const missing = await expectServiceError(
      savePolicy(admin, edit(policy, { targets: { ...targets, resolution: { byPriority: rest } } })),
      'BAD_REQUEST',
    );
    expect(missing.fieldErrors).toEqual({
      'targets.resolution.byPriority.P2.calendarId': [
        'No business calendar has the id 5d1e8a2c-3f4b-4c6d-9e8f-0a1b2c3d4e5f',
      ],
    });
    expect((await acme()).targets).toEqual(policy.targets);
  });
});

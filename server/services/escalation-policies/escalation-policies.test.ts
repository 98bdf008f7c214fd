import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../db/client';
import { escalationPolicies, ticketEscalations, users } from '../../../db/schema';
import { testEngines } from '../../../test/databases';
import { useDemoWorld } from '../../../test/suite';
import type { DemoEmail, demoWorld } from '../../../test/world';
import { type EscalationLevel, parseEscalationPolicy } from '../../../workflows/escalation/policy';
import { SLA_METRICS } from '../../../workflows/sla/constants';
import { ROLES, type Role } from '../../../workflows/tickets/constants';
import { readsInFull } from '../kernel/access';
import { ServiceError } from '../kernel/errors';
import { createTicket } from '../tickets/create';
import { assigneeProblem } from '../tickets/internal/permissions';
import { listEscalationPolicies } from './list';
import { saveEscalationPolicy } from './save';
import { type EscalationPolicyInput, escalationPolicyInput } from './schemas';
import { escalationPolicyWarnings, TEAM_ROLES } from './warnings';

const DEMO_POLICY = 'Acme: chase, then managers';

async function failure(promise: Promise<unknown>): Promise<ServiceError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ServiceError);
  return error as ServiceError;
}

describe('escalationPolicyInput', () => {
  const level = {
    trigger: { kind: 'clock_percent' as const, metric: 'resolution' as const, percent: 80, minutes: 15 },
    targets: [{ kind: 'team' as const, id: 'soc' }],
    actions: ['notify' as const],
  };
  const issuesOf = (input: EscalationPolicyInput) => {
    const result = escalationPolicyInput.safeParse(input);
    expect(result.success).toBe(false);
    return Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));
  };

  it('keeps only the chosen trigger kind’s parameters', () => {
    const parsed = escalationPolicyInput.parse({ name: ' Chase ', levels: [level], repeat: 1 });
    expect(parsed).toEqual({
      id: undefined,
      name: 'Chase',
      levels: [
        {
          trigger: { kind: 'clock_percent', metric: 'resolution', percent: 80 },
          targets: [{ kind: 'team', id: 'soc' }],
          actions: ['notify'],
        },
      ],
      repeat: 1,
    });
    expect(parseEscalationPolicy({ levels: parsed.levels, repeat: parsed.repeat })).toBeTruthy();
  });

  it('puts every validator message under its field, all at once', () => {
    const issues = issuesOf({
      name: '',
      repeat: 11,
      levels: [
        { ...level, trigger: { kind: 'clock_percent', metric: 'resolution', percent: 0 } },
        { trigger: { kind: 'unacknowledged', minutes: Number.NaN }, targets: [], actions: [] },
        {
          trigger: { kind: 'clock_breached', metric: 'response' },
          targets: [
            { kind: 'role', id: 'manager' },
            { kind: 'user', id: '' },
            { kind: 'team', id: 'dba' },
            { kind: 'role', id: 'customer' },
          ],
          actions: ['notify', 'notify'],
        },
      ],
    });
    expect(issues).toEqual({
      name: 'Name the escalation policy',
      repeat: 'Repeat must be a whole number from 0 to 10.',
      'levels.0.trigger.percent': 'Percent must be a whole number from 1 to 1000.',
      'levels.1.trigger.minutes': 'Minutes must be a whole number from 1 to 10080.',
      'levels.1.targets': 'Needs at least one target (a user, a team or a role).',
      'levels.1.actions': 'Needs at least one action (notify, reassign, raise_priority).',
      'levels.2.targets.1.id': 'Choose who this target is.',
      'levels.2.targets.2.id': 'Choose a team (noc, soc)',
      'levels.2.targets.3.id': 'Customers are never escalation targets',
      'levels.2.actions': 'Actions are listed more than once.',
    });
  });

  it('places policy-wide and action messages', () => {
    expect(issuesOf({ name: 'x', repeat: 0, levels: [] })).toEqual({
      levels: 'An escalation policy needs at least one level.',
    });
    expect(
      issuesOf({
        name: 'x',
        repeat: 0,
        levels: [{ ...level, targets: [{ kind: 'role', id: 'manager' }], actions: ['reassign'] }],
      }),
    ).toEqual({
      'levels.0.actions': 'Reassign needs a user or team target (a ticket cannot be assigned to a role).',
    });
  });
});

describe.each(testEngines())('escalation policy administration on $engine', ({ open }) => {
  let handle: DatabaseHandle;
  let world: Awaited<ReturnType<typeof demoWorld>>;
  useDemoWorld({ open, sla: true }, (setup) => ({ handle, world } = setup));

  const as = (email: DemoEmail) => world.as(email);
  const userId = async (email: DemoEmail) => (await world.actor(email)).id;
  const stored = async (id: string) =>
    (await handle.db.select().from(escalationPolicies).where(eq(escalationPolicies.id, id)))[0]!;

  const twoLevels = async (name: string): Promise<EscalationPolicyInput> => ({
    name,
    repeat: 2,
    levels: [
      {
        trigger: { kind: 'unacknowledged', minutes: 10 },
        targets: [{ kind: 'team', id: 'soc' }],
        actions: ['notify'],
      },
      {
        trigger: { kind: 'clock_breached', metric: 'resolution' },
        targets: [{ kind: 'user', id: await userId('manager@watchfloor.test') }],
        actions: ['reassign', 'raise_priority'],
      },
    ],
  });

  it('creates a policy that round-trips through parseEscalationPolicy and is listed', async () => {
    const input = await twoLevels('SOC chase');
    const { id } = await saveEscalationPolicy(await as('admin@watchfloor.test'), input);
    const row = await stored(id);
    expect(row.name).toBe('SOC chase');
    expect(row.createdAt).toEqual(world.clock.now());
    expect(parseEscalationPolicy({ levels: row.levels, repeat: row.repeat })).toEqual({
      levels: input.levels,
      repeat: 2,
    });
    const names = (await listEscalationPolicies(await as('admin@watchfloor.test'))).map((p) => p.name);
    expect(names).toEqual([DEMO_POLICY, 'SOC chase']);
  });

  it('updates by id, renames, and keeps its own name without a conflict', async () => {
    const admin = await as('admin@watchfloor.test');
    const { id } = await saveEscalationPolicy(admin, await twoLevels('To be renamed'));
    world.clock.advance(60_000);
    const again = await saveEscalationPolicy(admin, { ...(await twoLevels('To be renamed')), id, repeat: 0 });
    expect(again.id).toBe(id);
    await saveEscalationPolicy(admin, {
      id,
      name: 'Renamed',
      repeat: 1,
      levels: [
        {
          trigger: { kind: 'clock_percent', metric: 'response', percent: 150 },
          targets: [{ kind: 'role', id: 'manager' }],
          actions: ['notify'],
        },
      ],
    });
    const row = await stored(id);
    expect(row).toMatchObject({ name: 'Renamed', repeat: 1 });
    expect(row.levels).toEqual([
      {
        trigger: { kind: 'clock_percent', metric: 'response', percent: 150 },
        targets: [{ kind: 'role', id: 'manager' }],
        actions: ['notify'],
      },
    ]);
    expect(row.updatedAt.getTime()).toBeGreaterThan(row.createdAt.getTime());
  });

  it('answers NOT_FOUND for an unknown id', async () => {
    const error = await failure(
      saveEscalationPolicy(await as('admin@watchfloor.test'), {
        ...(await twoLevels('Ghost')),
        id: '00000000-0000-4000-8000-000000000000',
      }),
    );
    expect(error.code).toBe('NOT_FOUND');
  });

  it('answers CONFLICT with a field error on name for a duplicate name, on create and on rename', async () => {
    const admin = await as('admin@watchfloor.test');
    const created = await failure(saveEscalationPolicy(admin, await twoLevels(DEMO_POLICY)));
    expect(created.code).toBe('CONFLICT');
    expect(created.fieldErrors?.name).toEqual(['An escalation policy with this name already exists']);
    const { id } = await saveEscalationPolicy(admin, await twoLevels('Unique for now'));
    const renamed = await failure(saveEscalationPolicy(admin, { ...(await twoLevels(DEMO_POLICY)), id }));
    expect(renamed.code).toBe('CONFLICT');
    expect(renamed.fieldErrors?.name).toBeDefined();
    expect((await stored(id)).name).toBe('Unique for now');
  });

  it('lets one of two simultaneous creates with the same name win; the other gets CONFLICT on name', async () => {
    const admin = await as('admin@watchfloor.test');
    const input = await twoLevels('Raced name');
    const results = await Promise.allSettled([
      saveEscalationPolicy(admin, input),
      saveEscalationPolicy(admin, input),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected')?.reason as ServiceError | undefined;
    expect(lost).toBeInstanceOf(ServiceError);
    expect(lost?.code).toBe('CONFLICT');
    expect(lost?.fieldErrors?.name).toBeDefined();
  });

  it('answers BAD_REQUEST with field errors for invalid levels, and stores nothing', async () => {
    const before = (await handle.db.select().from(escalationPolicies)).length;
    const input = await twoLevels('Broken');
    const error = await failure(
      saveEscalationPolicy(await as('admin@watchfloor.test'), {
        ...input,
        repeat: 11,
        levels: [
          { ...input.levels[0]!, trigger: { kind: 'clock_percent', metric: 'response', percent: 0 } },
          { ...input.levels[1]!, targets: [{ kind: 'role', id: 'manager' }], actions: ['reassign'] },
        ],
      }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual([
      'levels.0.trigger.percent',
      'levels.1.actions',
      'repeat',
    ]);
    const empty = await failure(
      saveEscalationPolicy(await as('admin@watchfloor.test'), { ...input, levels: [] }),
    );
    expect(empty.fieldErrors?.levels).toEqual(['An escalation policy needs at least one level.']);
    expect(await handle.db.select().from(escalationPolicies)).toHaveLength(before);
  });

  it('rejects user targets that are not active staff', async () => {
    const admin = await as('admin@watchfloor.test');
    const input = await twoLevels('Who?');
    const [noc] = await handle.db.select().from(users).where(eq(users.email, 'noc@watchfloor.test'));
    await handle.db.update(users).set({ active: false }).where(eq(users.id, noc!.id));
    try {
      const error = await failure(
        saveEscalationPolicy(admin, {
          ...input,
          levels: [
            {
              ...input.levels[1]!,
              targets: [
                { kind: 'user', id: '00000000-0000-4000-8000-000000000000' },
                { kind: 'user', id: await userId('customer@acme.test') },
                { kind: 'user', id: 'not-a-uuid' },
                { kind: 'user', id: noc!.id },
                { kind: 'user', id: await userId('soc@watchfloor.test') },
              ],
            },
          ],
        }),
      );
      expect(error.code).toBe('BAD_REQUEST');
      expect(Object.keys(error.fieldErrors ?? {}).sort()).toEqual([
        'levels.0.targets.0.id',
        'levels.0.targets.1.id',
        'levels.0.targets.2.id',
        'levels.0.targets.3.id',
      ]);
    } finally {
      await handle.db.update(users).set({ active: true }).where(eq(users.id, noc!.id));
    }
  });

  it('saves a policy that reaches people who cannot see security incidents, warning under each', async () => {
    const admin = await as('admin@watchfloor.test');
    const { id, warnings } = await saveEscalationPolicy(admin, {
      name: 'Chase everyone',
      repeat: 0,
      levels: [
        {
          trigger: { kind: 'unacknowledged', minutes: 10 },
          targets: [
            { kind: 'team', id: 'noc' },
            { kind: 'role', id: 'noc_engineer' },
            { kind: 'user', id: await userId('noc@watchfloor.test') },
            { kind: 'team', id: 'soc' },
          ],
          actions: ['notify'],
        },
        {
          trigger: { kind: 'clock_breached', metric: 'handoff_acceptance' },
          targets: [{ kind: 'team', id: 'noc' }],
          actions: ['notify'],
        },
      ],
    });
    expect(warnings).toEqual([
      {
        field: 'levels.0.targets.0.id',
        message: 'The NOC team cannot see security incidents: on those, this level skips them.',
      },
      {
        field: 'levels.0.targets.1.id',
        message: 'NOC engineers cannot see security incidents: on those, this level skips them.',
      },
      {
        field: 'levels.0.targets.2.id',
        message: 'This NOC engineer cannot see security incidents: on those, this level skips them.',
      },
    ]);
    const listed = await listEscalationPolicies(await as('manager@watchfloor.test'));
    expect(listed.find((p) => p.id === id)?.warnings).toEqual(warnings);
    // The demo policy chases team NOC, and Acme's security incidents escalate by it too.
    expect(listed.find((p) => p.name === DEMO_POLICY)?.warnings.map((w) => w.field)).toEqual([
      'levels.0.targets.0.id',
    ]);
  });

  it('lets admins write, managers only read, and nobody else either', async () => {
    const input = await twoLevels('Not allowed');
    for (const email of ['manager@watchfloor.test', 'noc@watchfloor.test', 'soc@watchfloor.test'] as const) {
      const error = await failure(saveEscalationPolicy(await as(email), input));
      expect(error.code, email).toBe('FORBIDDEN');
    }
    // Authorization comes first: an invalid input from a manager is still FORBIDDEN, not BAD_REQUEST.
    const invalid = await failure(
      saveEscalationPolicy(await as('manager@watchfloor.test'), { ...input, levels: [] }),
    );
    expect(invalid.code).toBe('FORBIDDEN');
    expect((await listEscalationPolicies(await as('manager@watchfloor.test'))).length).toBeGreaterThan(0);
    for (const email of ['noc@watchfloor.test', 'soc@watchfloor.test', 'customer@acme.test'] as const) {
      const error = await failure(listEscalationPolicies(await as(email)));
      expect(error.code, email).toBe('FORBIDDEN');
    }
    const names = (await handle.db.select().from(escalationPolicies)).map((p) => p.name);
    expect(names).not.toContain('Not allowed');
  });

  it('leaves running ticket escalations on the copy they started with', async () => {
    const ticket = await createTicket(await as('noc@watchfloor.test'), {
      title: 'Core router flapping',
      organisationId: world.org('acme').id,
      impact: 'high',
      urgency: 'high',
    });
    const progress = async () =>
      (await handle.db.select().from(ticketEscalations).where(eq(ticketEscalations.ticketId, ticket.id)))[0]!;
    const before = await progress();
    const [demo] = await handle.db
      .select()
      .from(escalationPolicies)
      .where(eq(escalationPolicies.name, DEMO_POLICY));
    await saveEscalationPolicy(await as('admin@watchfloor.test'), {
      id: demo!.id,
      name: DEMO_POLICY,
      repeat: 3,
      levels: [
        {
          trigger: { kind: 'unacknowledged', minutes: 1 },
          targets: [{ kind: 'role', id: 'admin' }],
          actions: ['notify'],
        },
      ],
    });
    expect(await progress()).toEqual(before);
    expect(JSON.stringify(before.machine)).toContain('"minutes":10');
  });
});

describe('escalation policy warnings', () => {
  const INCIDENT = { kind: 'security' as const };
  const targetsFor = (role: Role): EscalationLevel['targets'] => [
    { kind: 'role', id: role },
    { kind: 'user', id: `user-${role}` },
    ...Object.entries(TEAM_ROLES)
      .filter(([, r]) => r === role)
      .map(([team]) => ({ kind: 'team' as const, id: team })),
  ];
  const roleOf = (id: string) => id.replace(/^user-/, '') as Role;

  it.each(ROLES.map((role) => ({ role })))(
    'warns about $role targets exactly when the read (notify) or assignee (reassign) rule skips them',
    ({ role }) => {
      const targets = targetsFor(role);
      const warned = (actions: EscalationLevel['actions']) => {
        const level: EscalationLevel = { trigger: { kind: 'unacknowledged', minutes: 5 }, targets, actions };
        return escalationPolicyWarnings([level], roleOf);
      };
      expect(warned(['notify']).map((w) => w.field)).toEqual(
        readsInFull(role, INCIDENT) ? [] : targets.map((_, t) => `levels.0.targets.${t}.id`),
      );
      expect(warned(['notify', 'reassign']).map((w) => w.field)).toEqual(
        assigneeProblem({ active: true, role }, INCIDENT)
          ? targets.map((_, t) => `levels.0.targets.${t}.id`)
          : [],
      );
    },
  );

  it('says nothing about levels that only outages reach (their OLA clocks)', () => {
    const level = (metric: (typeof SLA_METRICS)[number]): EscalationLevel => ({
      trigger: { kind: 'clock_breached', metric },
      targets: [{ kind: 'team', id: 'noc' }],
      actions: ['notify'],
    });
    const warned = SLA_METRICS.filter((m) => escalationPolicyWarnings([level(m)], roleOf).length > 0);
    expect(warned).toEqual(['response', 'resolution']);
  });
});

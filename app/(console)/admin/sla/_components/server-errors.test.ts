import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { placeServerError } from '@/app/_components/forms/server-error';
import type { Database } from '@/db/client';
import { businessCalendars, slaPolicies, users } from '@/db/schema';
import { testEngines } from '@/test/databases';
import { formPaths } from '@/test/form-paths';
import { useDemoWorld } from '@/test/suite';
import { errorOf, trpcHttp } from '@/test/trpc-http';
import { calendarFieldOf, calendarFormValues, calendarInputOf } from './calendar-form';
import { policyFieldOf, policyFormValues, policyInputOf } from './policy-form';

// What the server alone can refuse (a calendar that is gone, an unknown holiday country, a user who left),
// sent as the editors send it, over HTTP: each message lands on the field of its own row, the way
// useServerForm places it (placeServerError with the editor's pathOf), with nothing left at form level.

describe.each(testEngines())(
  'SLA admin editors place server errors on their rows, on $engine',
  ({ open }) => {
    let db: Database;
    let http: ReturnType<typeof trpcHttp>;
    useDemoWorld({ open, sla: true }, (setup) => {
      db = setup.db;
      http = trpcHttp(setup.db, setup.world);
    });

    /** Sends `input` as the admin and places the answer's error on a form with these fields. */
    async function placed(path: string, input: unknown, fields: string[], pathOf: (key: string) => string) {
      const answer = await http.call('admin', path, input);
      expect(answer.status, answer.text.slice(0, 300)).toBe(400);
      const error = errorOf(answer)!;
      return placeServerError(error, (p) => fields.includes(p), pathOf);
    }

    it('a target naming a calendar that no longer exists: under that target in its row', async () => {
      const [policy] = await db.select().from(slaPolicies).where(eq(slaPolicies.name, 'Acme standard'));
      const values = policyFormValues(policy!, policy!.calendarId);
      // Chosen when the page loaded; gone by the time of saving (as far as the server knows).
      values.cells.resolution__byPriority__P3!.calendarId = randomUUID();
      const result = await placed(
        'sla.savePolicy',
        policyInputOf(values, policy!.id),
        formPaths(values),
        policyFieldOf,
      );
      expect(result.fields).toEqual([
        {
          path: 'cells.resolution__byPriority__P3.calendarId',
          message: expect.stringMatching(/^No business calendar has the id /),
        },
      ]);
      expect(result.failure).toBeNull();
    });

    it('a holiday preset for a country the holiday tables do not know: under the country field', async () => {
      const [calendar] = await db
        .select()
        .from(businessCalendars)
        .where(eq(businessCalendars.name, 'Business hours, Berlin'));
      const values = { ...calendarFormValues(calendar!), presetCountry: 'QQ', presetState: '' };
      const result = await placed(
        'sla.saveCalendar',
        calendarInputOf(values, calendar!.id),
        formPaths(values),
        calendarFieldOf,
      );
      expect(result.fields).toEqual([{ path: 'presetCountry', message: expect.stringContaining('"QQ"') }]);
      expect(result.failure).toBeNull();
    });

    it('overlapping hours sent past the browser check: under the later interval of the two', async () => {
      const values = {
        ...calendarFormValues(null),
        name: `Overlap ${randomUUID()}`,
        weekly: [
          { day: '1', start: '09:00', end: '17:00' },
          { day: '2', start: '09:00', end: '17:00' },
          { day: '1', start: '16:00', end: '20:00' },
        ],
      };
      const result = await placed(
        'sla.saveCalendar',
        calendarInputOf(values),
        formPaths(values),
        calendarFieldOf,
      );
      expect(result.fields).toEqual([
        { path: 'weekly.2.start', message: expect.stringContaining('overlap') },
      ]);
      expect(result.failure).toBeNull();
    });

    it('a level targeting someone who has left: under that target of that level', async () => {
      const [manager] = await db.select().from(users).where(eq(users.email, 'manager@watchfloor.test'));
      await db.update(users).set({ active: false }).where(eq(users.id, manager!.id));
      try {
        const input = {
          name: `Chase ${randomUUID()}`,
          repeat: 0,
          levels: [
            {
              trigger: { kind: 'unacknowledged', minutes: 10 },
              targets: [{ kind: 'team', id: 'noc' }],
              actions: ['notify'],
            },
            {
              trigger: { kind: 'clock_breached', metric: 'resolution' },
              targets: [
                { kind: 'team', id: 'soc' },
                { kind: 'user', id: manager!.id },
              ],
              actions: ['notify'],
            },
          ],
        };
        // The escalation editor's fields are the schema's own paths (its pathOf is the identity).
        const result = await placed('escalationPolicies.save', input, formPaths(input), (key) => key);
        expect(result.fields).toEqual([
          { path: 'levels.1.targets.1.id', message: 'No active staff member with this id' },
        ]);
        expect(result.failure).toBeNull();
      } finally {
        await db.update(users).set({ active: true }).where(eq(users.id, manager!.id));
      }
    });
  },
);

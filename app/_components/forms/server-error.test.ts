import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldIssues, issuesOf, placeIssues, placeServerError, serverErrorText } from './server-error';

const onForm = (paths: string[]) => (path: string) => paths.includes(path);

describe('placeServerError: a tRPC error onto a form', () => {
  it('puts each shown field its first message and says nothing more at form level', () => {
    const error = { message: 'Invalid input', data: { fieldErrors: { title: ['Too short', 'Too plain'] } } };
    expect(placeServerError(error, onForm(['title']))).toEqual({
      fields: [{ path: 'title', message: 'Too short' }],
      failure: null,
    });
  });

  it('keeps messages for fields the form does not show as the form-level failure', () => {
    const error = {
      message: 'Invalid input',
      data: { fieldErrors: { 'levels.0.targets.1.id': ['Inactive user'], id: ['Unknown policy'] } },
    };
    expect(placeServerError(error, onForm(['levels.0.targets.1.id']))).toEqual({
      fields: [{ path: 'levels.0.targets.1.id', message: 'Inactive user' }],
      failure: 'Unknown policy',
    });
  });

  it('never places form-level keys on a field, even when every path is placed', () => {
    const error = { message: 'Invalid input', data: { fieldErrors: { _: ['Name taken'], name: ['Taken'] } } };
    expect(placeServerError(error, () => true)).toEqual({
      fields: [{ path: 'name', message: 'Taken' }],
      failure: 'Name taken',
    });
  });

  it('falls back to the message when there are no field errors (CONFLICT, FORBIDDEN, a 500)', () => {
    for (const data of [undefined, null, { fieldErrors: null }, { fieldErrors: { title: [] } }]) {
      expect(placeServerError({ message: 'Changed since you loaded it', data }, () => true)).toEqual({
        fields: [],
        failure: 'Changed since you loaded it',
      });
    }
  });

  it('serverErrorText joins every field message for a button without fields', () => {
    const error = { message: 'Invalid input', data: { fieldErrors: { a: ['One.'], b: ['Two.', 'Three.'] } } };
    expect(fieldIssues(error).map((i) => i.path)).toEqual(['a', 'b', 'b']);
    expect(serverErrorText(error)).toBe('One. Two. Three.');
    expect(serverErrorText({ message: 'Not found' })).toBe('Not found');
  });
});

describe('issuesOf + placeIssues: a schema parse in the browser, placed the same way', () => {
  it('places nested zod issues by dotted path and the rest at form level', () => {
    const schema = z.object({
      weekly: z.array(z.object({ start: z.string().min(5, 'HH:MM') })),
      zone: z.string(),
    });
    const parsed = schema.safeParse({ weekly: [{ start: '9' }], zone: 1 });
    expect(parsed.success).toBe(false);
    const issues = issuesOf(parsed.error!);
    expect(placeIssues(issues, onForm(['weekly.0.start']), null)).toEqual({
      fields: [{ path: 'weekly.0.start', message: 'HH:MM' }],
      failure: issues.find((i) => i.path === 'zone')?.message,
    });
  });
});

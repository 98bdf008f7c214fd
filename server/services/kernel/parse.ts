import type { z } from 'zod';
import { badRequest } from './errors';

/** Something wrong at a path: a zod issue, or a workflows ValidationIssue. */
interface PathIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * Field errors keyed by the dotted path of their field: 'name', 'weekly.2.end',
 * 'levels.0.targets.1.id' — the names react-hook-form gives the same fields — and '_' for the input as a
 * whole. The one key format of every BAD_REQUEST, whether a service or the tRPC input parser refused it.
 */
export function fieldErrorsOf(issues: readonly PathIssue[]): Record<string, string[]> {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of issues) {
    const key = issue.path.length ? issue.path.map(String).join('.') : '_';
    fieldErrors[key] = [...(fieldErrors[key] ?? []), issue.message];
  }
  return fieldErrors;
}

/**
 * Services validate their own input too (they are called from routers, route handlers, the seed and
 * the scheduler), answering BAD_REQUEST with field errors keyed by path (`fieldErrorsOf`).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw badRequest('Invalid input', fieldErrorsOf(result.error.issues));
}

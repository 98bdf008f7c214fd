import type { z } from 'zod';
import { badRequest } from './errors';

/**
 * Services validate their own input too (they are called from routers, route handlers, the seed and
 * the scheduler), answering BAD_REQUEST with field errors keyed by path.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_';
    fieldErrors[key] = [...(fieldErrors[key] ?? []), issue.message];
  }
  throw badRequest('Invalid input', fieldErrors);
}

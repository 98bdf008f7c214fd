// The one shape every validator in workflows/ answers with: where the problem is (a path into the value
// that was checked, as zod paths are) and what to say there. Schemas hand the path to zod unchanged, so a
// message lands on its own field instead of being parsed back out of English text.

export type IssuePath = ReadonlyArray<string | number>;

export interface ValidationIssue {
  /** Keys and indexes into the checked value, e.g. ['weekly', 2, 'end']; [] for the value as a whole. */
  path: (string | number)[];
  message: string;
}

export function issue(path: IssuePath, message: string): ValidationIssue {
  return { path: [...path], message };
}

/** The issues moved under `prefix` (a validator of a part, reported for the whole). */
export function under(prefix: IssuePath, issues: readonly ValidationIssue[]): ValidationIssue[] {
  return issues.map((i) => ({ path: [...prefix, ...i.path], message: i.message }));
}

/** One line for logs and thrown errors: "weekly.2.end: message", or the bare message at the root. */
export function describeIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join(' ');
}

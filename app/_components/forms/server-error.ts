/**
 * What a failed tRPC call carries to a form (server/api/trpc.ts errorFormatter): the service's field errors
 * by dotted path (zod's flattened ones for input parsing) and a message. The one shape every form reads.
 */
export type ServerError = {
  message: string;
  data?: { fieldErrors?: Record<string, string[] | undefined> | null } | null;
};

/** One message at one field, by the dotted path react-hook-form and the services share (`levels.0.targets`). */
export type FieldIssue = { path: string; message: string };

/** Keys a service uses for messages about the whole form, never a field. */
const FORM_LEVEL = new Set(['', '_']);

/** A zod error's issues as field issues (for a form that parses with the service's schema itself). */
export function issuesOf(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }) {
  return error.issues.map(
    (issue): FieldIssue => ({ path: issue.path.map(String).join('.'), message: issue.message }),
  );
}

/** A server error's field errors as field issues, in the order the server sent them. */
export function fieldIssues(error: ServerError): FieldIssue[] {
  return Object.entries(error.data?.fieldErrors ?? {}).flatMap(([path, messages]) =>
    (messages ?? []).map((message) => ({ path, message })),
  );
}

/**
 * Where each message goes: onto a field the form shows (its first message), or into the form-level
 * failure. With nothing to say at form level, the failure is `fallback` (the server's own message) unless
 * a field took a message, so the reader looks there instead.
 */
export function placeIssues(
  issues: readonly FieldIssue[],
  onForm: (path: string) => boolean,
  fallback: string | null,
): { fields: FieldIssue[]; failure: string | null } {
  const fields: FieldIssue[] = [];
  const unplaced: string[] = [];
  for (const issue of issues) {
    if (!FORM_LEVEL.has(issue.path) && onForm(issue.path)) {
      if (!fields.some((f) => f.path === issue.path)) fields.push(issue);
    } else unplaced.push(issue.message);
  }
  return { fields, failure: unplaced.join(' ') || (fields.length ? null : fallback) };
}

/**
 * A server error mapped onto a form's fields: each key renamed to the form's path for it (`pathOf`, e.g.
 * `event.reason` → `reason`), then placed where `onForm` says the form shows that path.
 */
export const placeServerError = (
  error: ServerError,
  onForm: (path: string) => boolean,
  pathOf: (key: string) => string = (key) => key,
) =>
  placeIssues(
    fieldIssues(error).map((issue) => ({ ...issue, path: pathOf(issue.path) })),
    onForm,
    error.message,
  );

/** A server error as one line, for a button without fields: its field errors, else its message. */
export const serverErrorText = (error: ServerError): string =>
  placeServerError(error, () => false).failure ?? error.message;

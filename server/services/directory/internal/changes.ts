/**
 * The fields of `next` whose value differs from `before`, as { field: { from, to } }: what an edit's audit
 * entry records (nothing when a save changed nothing).
 */
export function changesOf<T extends Record<string, unknown>>(
  before: Record<string, unknown>,
  next: T,
): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, to] of Object.entries(next)) {
    const from = before[key] ?? null;
    if (from !== (to ?? null)) changes[key] = { from, to: to ?? null };
  }
  return changes;
}

// For tests of forms: the paths a form's values hold, i.e. the fields a form built on them can show.

/** Every path in `values`: its leaves (`weekly.0.start`), and the arrays themselves (`weekly`). */
export function formPaths(values: unknown, prefix = ''): string[] {
  if (values === null || typeof values !== 'object') return [prefix];
  const own = Array.isArray(values) && prefix ? [prefix] : [];
  return [
    ...own,
    ...Object.entries(values).flatMap(([key, value]) => formPaths(value, prefix ? `${prefix}.${key}` : key)),
  ];
}

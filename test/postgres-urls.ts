export const TEMPLATE_PREFIX = 'wf_tpl_';
export const TEST_DB_PREFIX = 'wf_test_';

/** The same server and credentials as `url`, another database. */
export function databaseUrlFor(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

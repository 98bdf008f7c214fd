// The wallboard's tallies come from the queue's own list service, one capped page each (no SQL of its
// own): a full page with more behind it reads "100+" rather than a wrong exact figure.

export const COUNT_CAP = 100;

export function countLabel(page: { items: readonly unknown[]; nextCursor?: string | null }): string {
  return page.nextCursor ? `${page.items.length}+` : String(page.items.length);
}

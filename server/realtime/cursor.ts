// Event ids: where in this process's stream of notifications a subscriber stands, `<boot>.<seq>`. The boot
// tells one hub (one process, one start) from another: a position only means something to the hub that
// gave it, so a reconnect that lands on another process (or after a restart) is told to reload instead.

export interface Cursor {
  boot: string;
  seq: number;
}

export function formatCursor(cursor: Cursor): string {
  return `${cursor.boot}.${cursor.seq}`;
}

/** The cursor in an event id, or null for anything this code did not write. */
export function parseCursor(id: string | null | undefined): Cursor | null {
  const match = /^([0-9a-f]{8,32})\.(\d{1,15})$/.exec(id ?? '');
  if (!match) return null;
  return { boot: match[1]!, seq: Number(match[2]) };
}

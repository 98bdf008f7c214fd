/** One recorded read of an incident, newest first as the audit chain is read back. */
export interface AccessRead {
  /** Who read: a user's id, or the label of a non-user actor. Names can repeat; this cannot. */
  readerKey: string;
  /** What the log shows for them: the user's name (the label when the user is gone or not a user). */
  reader: string;
  at: Date;
  what: string | null;
  projection: string | null;
}

/** A run of consecutive reads by one person through one projection: "Sasha SOC viewed 15×". */
export interface AccessGroup {
  reader: string;
  count: number;
  /** The run's oldest and newest read. */
  first: Date;
  last: Date;
  /** What was read (ticket, timeline, workspace), each once, in the order first met (newest first). */
  what: string[];
  projection: string | null;
}

/**
 * Folds a newest-first list of reads into runs: consecutive reads by the same reader through the same
 * projection become one row, so a page someone keeps open and refreshing reads as one line, while
 * interleaved readers stay in the order they read (an audit view must not reorder who came when).
 */
export function groupAccessReads(reads: readonly AccessRead[]): AccessGroup[] {
  const groups: (AccessGroup & { readerKey: string })[] = [];
  for (const read of reads) {
    const run = groups.at(-1);
    if (run && run.readerKey === read.readerKey && run.projection === read.projection) {
      run.count += 1;
      run.first = read.at;
      if (read.what && !run.what.includes(read.what)) run.what.push(read.what);
      continue;
    }
    groups.push({
      readerKey: read.readerKey,
      reader: read.reader,
      count: 1,
      first: read.at,
      last: read.at,
      what: read.what ? [read.what] : [],
      projection: read.projection,
    });
  }
  return groups.map(({ readerKey: _, ...group }) => group);
}

import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client';

/**
 * Writes a transaction makes that nothing in it reads again before it commits (a delivery's record, a new
 * ticket's rows, alert bookkeeping), held back and sent as one statement of data-modifying CTEs with the
 * NOTIFYs that announce them: one round trip instead of one each (issue #14's ingestion benchmark).
 *
 * The CTEs run on one snapshot and none sees another's rows, so a writer queues here only statements that
 * stand alone: no two touch the same row, and none reads what another writes. Foreign keys are checked at
 * the end of the statement, so a child row may be queued beside its parent. Whoever is about to read what
 * was queued (or to run a command of the write path that might) flushes first.
 */
export class PendingWrites {
  private statements: SQL[] = [];
  private notices: string[] = [];

  add(statement: SQL): void {
    this.statements.push(statement);
  }

  /** Live views listen on `ticket_changed` (kernel/engine.ts notifyTicketChanged); sent with the writes. */
  announce(ticketId: string, version: number): void {
    this.notices.push(JSON.stringify({ id: ticketId, version }));
  }

  get empty(): boolean {
    return this.statements.length === 0 && this.notices.length === 0;
  }

  /** Sends what is queued, in one statement (none when nothing is). */
  async flush(tx: Executor): Promise<void> {
    if (this.empty) return;
    const statements = this.statements;
    const notices = this.notices;
    this.statements = [];
    this.notices = [];
    const ctes = statements.map((s, i) => sql`${sql.raw(`w${i}`)} as (${s})`);
    const withClause = ctes.length ? sql`with ${sql.join(ctes, sql`, `)} ` : sql``;
    // Data-modifying CTEs run once, to completion, whether or not the final SELECT reads them.
    const announce = notices.length
      ? sql`select count(pg_notify('ticket_changed', n)) from jsonb_array_elements_text(${JSON.stringify(notices)}::jsonb) as n`
      : sql`select 1`;
    await tx.execute(sql`${withClause}${announce}`);
  }
}

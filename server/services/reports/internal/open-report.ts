import { type SQL, sql } from 'drizzle-orm';
import type { TicketKind } from '../../../../workflows/tickets/constants';
import type { ServiceContext } from '../../kernel/context';
import { parseInput } from '../../kernel/parse';
import { type ReportFilterInput, reportFilterInput } from '../schemas';
import { countedKinds } from './scope';
import { type ReportWindow, resolveWindow } from './window';

/** Parses a report's filter (after its authorisation) and resolves the window it covers. */
export async function reportWindow(
  ctx: ServiceContext,
  allowed: readonly TicketKind[],
  rawInput: ReportFilterInput,
): Promise<ReportWindow> {
  const filter = parseInput(reportFilterInput, rawInput);
  return resolveWindow(ctx.db, filter, countedKinds(allowed, filter.kind), ctx.now());
}

/** `kinds(kind)`: the counted kinds as rows, to zero-fill a trend per kind. */
export function kindRows(kinds: readonly TicketKind[]): SQL {
  return sql`kinds(kind) as (values ${sql.join(
    kinds.map((kind) => sql`(${kind}::text)`),
    sql`, `,
  )})`;
}

/** A mean over counted rows: null (no figure) rather than 0 when nothing was counted. */
export function weightedMean(parts: readonly { n: number; mean: number | null }[]): number | null {
  const n = parts.reduce((sum, p) => sum + p.n, 0);
  if (!n) return null;
  return parts.reduce((sum, p) => sum + (p.mean ?? 0) * p.n, 0) / n;
}

// `npm run audit:verify [-- --ticket OUT-12]`: recomputes the audit hash chains; exits 1 on the first break.
import { and, eq } from 'drizzle-orm';
import { closeDatabase, getDatabase } from '../db/client';
import { tickets } from '../db/schema';
import { verifyAuditChains } from '../server/services/audit/verify';
import { parseTicketNumber } from '../workflows/tickets/constants';

const args = process.argv.slice(2);
const flag = args.indexOf('--ticket');
const number = flag >= 0 ? args[flag + 1] : undefined;

const { db } = await getDatabase();
let only: { ticketId: string } | undefined;
if (number !== undefined) {
  const parsed = parseTicketNumber(number);
  const [row] = parsed
    ? await db
        .select({ id: tickets.id })
        .from(tickets)
        .where(and(eq(tickets.kind, parsed.kind), eq(tickets.number, parsed.number)))
    : [];
  if (!row) {
    console.error(`No ticket ${number}`);
    await closeDatabase();
    process.exit(2);
  }
  only = { ticketId: row.id };
}
const result = await verifyAuditChains(db, only);
await closeDatabase();
if (result.firstBreak) {
  const { ticket, seq, reason } = result.firstBreak;
  console.error(`BROKEN: ${ticket} at sequence ${seq}: ${reason}`);
  process.exit(1);
}
console.log(`OK: ${result.ticketsChecked} ticket chains, ${result.eventsChecked} events verified`);

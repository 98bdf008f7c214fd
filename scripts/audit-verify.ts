// `npm run audit:verify [-- --ticket OUT-12]`: recomputes the audit hash chains; exits 1 on the first break.
import { closeDatabase, getDatabase } from '../db/client';
import { verifyAuditChains } from '../server/services/audit/verify';
import { systemClock } from '../server/services/kernel/context';
import { getTicket } from '../server/services/tickets/get';

const args = process.argv.slice(2);
const flag = args.indexOf('--ticket');
const number = flag >= 0 ? args[flag + 1] : undefined;

const { db } = await getDatabase();
let only: { ticketId: string } | undefined;
if (number !== undefined) {
  // The same lookup as tickets.get, as the system (the operator's CLI sees every ticket).
  const ticket = await getTicket(
    { db, actor: { type: 'system', label: 'audit:verify' }, now: systemClock },
    { number },
  ).catch(() => null);
  if (!ticket) {
    console.error(`No ticket ${number}`);
    await closeDatabase();
    process.exit(2);
  }
  only = { ticketId: ticket.id };
}
const result = await verifyAuditChains(db, only);
await closeDatabase();
if (result.firstBreak) {
  const { ticket, seq, reason } = result.firstBreak;
  console.error(`BROKEN: ${ticket} at sequence ${seq}: ${reason}`);
  process.exit(1);
}
console.log(`OK: ${result.ticketsChecked} ticket chains, ${result.eventsChecked} events verified`);

-- The queues at scale (bench/queue-million.ts): the next deadline per ticket reads only the counting
-- clocks, and the open queues only the open tickets, instead of every clock and ticket ever made.
CREATE INDEX "sla_clocks_counting_due_idx" ON "sla_clocks" USING btree ("ticket_id","due_at","metric") WHERE "sla_clocks"."state" in ('running', 'breached');--> statement-breakpoint
CREATE INDEX "tickets_open_idx" ON "tickets" USING btree ("kind","created_at","id") WHERE "tickets"."status" not in ('resolved', 'closed');
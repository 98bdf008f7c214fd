ALTER TABLE "tickets" ADD COLUMN "event_seq" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "event_hash" text DEFAULT '0000000000000000000000000000000000000000000000000000000000000000' NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_event_head" CHECK ("tickets"."event_seq" >= 0 and "tickets"."event_hash" ~ '^[0-9a-f]{64}$');--> statement-breakpoint
-- Existing tickets: anchor each chain at its current newest event.
UPDATE "tickets" AS t SET "event_seq" = e.seq, "event_hash" = e.hash
FROM (SELECT DISTINCT ON (ticket_id) ticket_id, seq, hash FROM "ticket_events" ORDER BY ticket_id, seq DESC) AS e
WHERE e.ticket_id = t.id;

ALTER TABLE "evidence" DROP CONSTRAINT "evidence_sha256_hex";--> statement-breakpoint
ALTER TABLE "ticket_events" DROP CONSTRAINT "ticket_events_hash_format";--> statement-breakpoint
ALTER TABLE "ticket_events" DROP CONSTRAINT "ticket_events_type_format";--> statement-breakpoint
ALTER TABLE "tickets" DROP CONSTRAINT "tickets_event_head";--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_sha256_hex" CHECK ((char_length("evidence"."sha256") = 64 and "evidence"."sha256" !~ '[^0-9a-f]'));--> statement-breakpoint
ALTER TABLE "ticket_events" ADD CONSTRAINT "ticket_events_hash_format" CHECK ((char_length("ticket_events"."hash") = 64 and "ticket_events"."hash" !~ '[^0-9a-f]') and (char_length("ticket_events"."prev_hash") = 64 and "ticket_events"."prev_hash" !~ '[^0-9a-f]'));--> statement-breakpoint
ALTER TABLE "ticket_events" ADD CONSTRAINT "ticket_events_type_format" CHECK (char_length("ticket_events"."type") between 2 and 64 and "ticket_events"."type" ~ '^[a-z][a-z0-9_.]*$');--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_event_head" CHECK ("tickets"."event_seq" >= 0 and (char_length("tickets"."event_hash") = 64 and "tickets"."event_hash" !~ '[^0-9a-f]'));
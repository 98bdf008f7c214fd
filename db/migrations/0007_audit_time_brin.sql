DROP INDEX "ticket_events_occurred_idx";--> statement-breakpoint
CREATE INDEX "ticket_events_occurred_brin" ON "ticket_events" USING brin ("occurred_at");
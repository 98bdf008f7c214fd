CREATE INDEX "observables_search_idx" ON "observables" USING gin (to_tsvector('simple', "value" || ' ' || "note"));--> statement-breakpoint
CREATE INDEX "ticket_events_comment_search_idx" ON "ticket_events" USING gin (to_tsvector('simple', "payload" ->> 'body')) WHERE "ticket_events"."type" = 'comment.added';--> statement-breakpoint
CREATE INDEX "tickets_title_search_idx" ON "tickets" USING gin (to_tsvector('simple', "title"));--> statement-breakpoint
CREATE INDEX "tickets_description_search_idx" ON "tickets" USING gin (to_tsvector('simple', "description"));
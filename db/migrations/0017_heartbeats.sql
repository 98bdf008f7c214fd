ALTER TABLE "integrations" DROP CONSTRAINT "integrations_kind_valid";--> statement-breakpoint
ALTER TABLE "tickets" DROP CONSTRAINT "tickets_source_valid";--> statement-breakpoint
ALTER TABLE "integrations" ADD COLUMN "heartbeat_interval_minutes" integer;--> statement-breakpoint
ALTER TABLE "integrations" ADD COLUMN "heartbeat_grace_minutes" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "integrations" ADD COLUMN "last_ping_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "integrations" ADD COLUMN "heartbeat_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "integrations" ADD COLUMN "heartbeat_missed_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "integrations_heartbeat_due_idx" ON "integrations" USING btree ("heartbeat_due_at") WHERE "integrations"."kind" = 'heartbeat' and "integrations"."revoked_at" is null and "integrations"."heartbeat_missed_at" is null;--> statement-breakpoint
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_heartbeat_fields" CHECK (("integrations"."kind" = 'heartbeat') = ("integrations"."heartbeat_interval_minutes" is not null and "integrations"."heartbeat_due_at" is not null));--> statement-breakpoint
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_heartbeat_interval_range" CHECK ("integrations"."heartbeat_interval_minutes" is null or "integrations"."heartbeat_interval_minutes" between 1 and 10080);--> statement-breakpoint
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_heartbeat_grace_range" CHECK ("integrations"."heartbeat_grace_minutes" between 0 and 1440);--> statement-breakpoint
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_heartbeat_missed_only_heartbeats" CHECK ("integrations"."heartbeat_missed_at" is null or "integrations"."kind" = 'heartbeat');--> statement-breakpoint
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_kind_valid" CHECK ("integrations"."kind" in ('alertmanager', 'events_v2', 'heartbeat'));--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_source_valid" CHECK ("tickets"."source" in ('manual', 'alertmanager', 'events-v2', 'heartbeat', 'portal', 'handoff'));--> statement-breakpoint

-- Hand-written (not generated): heartbeats only ever postpone their deadline from a ping or creation, never
-- before the integration existed.
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_heartbeat_due_after_created" CHECK ("heartbeat_due_at" is null or "heartbeat_due_at" > "created_at");

CREATE TABLE "sign_in_throttle" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"window_started_at" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sign_in_throttle_key_format" CHECK ("sign_in_throttle"."key" like 'account:%' or "sign_in_throttle"."key" like 'address:%'),
	CONSTRAINT "sign_in_throttle_failures_nonnegative" CHECK ("sign_in_throttle"."failures" >= 0)
);
--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "resolution_summary" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "cause_category" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "session_epoch" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "sign_in_throttle_updated_idx" ON "sign_in_throttle" USING btree ("updated_at");--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_outage_resolution" CHECK (("tickets"."kind" = 'outage' or ("tickets"."resolution_summary" is null and "tickets"."cause_category" is null)) and ("tickets"."cause_category" is null or "tickets"."cause_category" in ('hardware', 'software', 'network', 'power', 'capacity', 'configuration_change', 'third_party', 'security', 'human_error', 'unknown')) and ("tickets"."resolution_summary" is null or length(btrim("tickets"."resolution_summary")) between 1 and 4000));--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_session_epoch_nonnegative" CHECK ("users"."session_epoch" >= 0);
ALTER TABLE "integration_alerts" ADD COLUMN "flapping" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "integrations" ADD COLUMN "grouping_window_minutes" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "integrations" ADD COLUMN "group_max_life_minutes" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "integrations" ADD COLUMN "flap_threshold" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "integrations" ADD COLUMN "flap_window_minutes" integer DEFAULT 60 NOT NULL;--> statement-breakpoint
CREATE INDEX "integration_alerts_key_fires_idx" ON "integration_alerts" USING btree ("integration_id","alert_key","first_seen_at");--> statement-breakpoint
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_grouping_range" CHECK ("integrations"."grouping_window_minutes" between 0 and 1440 and "integrations"."group_max_life_minutes" between 0 and 1440);--> statement-breakpoint
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_flap_range" CHECK ("integrations"."flap_threshold" between 0 and 100 and "integrations"."flap_window_minutes" between 1 and 1440);
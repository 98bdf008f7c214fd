-- First: the composite foreign keys below reference it.
ALTER TABLE "services" ADD CONSTRAINT "services_id_org_unique" UNIQUE("id","organisation_id");--> statement-breakpoint
CREATE TABLE "credit_tiers" (
	"organisation_id" uuid NOT NULL,
	"below_percent" numeric(6, 3) NOT NULL,
	"credit_percent" numeric(5, 2) NOT NULL,
	CONSTRAINT "credit_tiers_pk" PRIMARY KEY("organisation_id","below_percent"),
	CONSTRAINT "credit_tiers_below_range" CHECK ("credit_tiers"."below_percent" > 0 and "credit_tiers"."below_percent" <= 100),
	CONSTRAINT "credit_tiers_credit_range" CHECK ("credit_tiers"."credit_percent" > 0 and "credit_tiers"."credit_percent" <= 100)
);
--> statement-breakpoint
CREATE TABLE "maintenance_services" (
	"maintenance_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	CONSTRAINT "maintenance_services_pk" PRIMARY KEY("maintenance_id","service_id")
);
--> statement-breakpoint
CREATE TABLE "maintenance_updates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"maintenance_id" uuid NOT NULL,
	"state" text NOT NULL,
	"body" text NOT NULL,
	"actor_label" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "maintenance_updates_state_valid" CHECK ("maintenance_updates"."state" in ('scheduled', 'in_progress', 'completed', 'cancelled')),
	CONSTRAINT "maintenance_updates_body_length" CHECK (char_length("maintenance_updates"."body") <= 5000)
);
--> statement-breakpoint
CREATE TABLE "maintenances" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"state" text DEFAULT 'scheduled' NOT NULL,
	"scheduled_for" timestamp with time zone NOT NULL,
	"scheduled_until" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "maintenances_state_valid" CHECK ("maintenances"."state" in ('scheduled', 'in_progress', 'completed', 'cancelled')),
	CONSTRAINT "maintenances_title_present" CHECK (length(btrim("maintenances"."title")) > 0 and char_length("maintenances"."title") <= 200),
	CONSTRAINT "maintenances_body_length" CHECK (char_length("maintenances"."body") <= 5000),
	CONSTRAINT "maintenances_window_order" CHECK ("maintenances"."scheduled_until" > "maintenances"."scheduled_for"),
	CONSTRAINT "maintenances_state_facts" CHECK (("maintenances"."state" = 'scheduled' and "maintenances"."started_at" is null and "maintenances"."completed_at" is null)
        or ("maintenances"."state" = 'in_progress' and "maintenances"."started_at" is not null and "maintenances"."completed_at" is null)
        or ("maintenances"."state" = 'completed' and "maintenances"."started_at" is not null and "maintenances"."completed_at" >= "maintenances"."started_at")
        or ("maintenances"."state" = 'cancelled' and "maintenances"."started_at" is null))
);
--> statement-breakpoint
CREATE TABLE "sla_month_reports" (
	"service_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"month" date NOT NULL,
	"figures" jsonb NOT NULL,
	"frozen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sla_month_reports_pk" PRIMARY KEY("service_id","month"),
	CONSTRAINT "sla_month_reports_first_day" CHECK (extract(day from "sla_month_reports"."month") = 1)
);
--> statement-breakpoint
CREATE TABLE "status_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subscriber_id" uuid NOT NULL,
	"event_key" text NOT NULL,
	"payload" jsonb NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"delivered_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "status_deliveries_attempts_range" CHECK ("status_deliveries"."attempts" >= 0),
	CONSTRAINT "status_deliveries_error_length" CHECK (char_length("status_deliveries"."last_error") <= 1000)
);
--> statement-breakpoint
CREATE TABLE "status_subscriber_components" (
	"subscriber_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	CONSTRAINT "status_subscriber_components_pk" PRIMARY KEY("subscriber_id","service_id")
);
--> statement-breakpoint
CREATE TABLE "status_subscribers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"target" text NOT NULL,
	"confirm_token_hash" text NOT NULL,
	"manage_token_hash" text NOT NULL,
	"confirmed_at" timestamp with time zone,
	"unsubscribed_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "status_subscribers_channel_valid" CHECK ("status_subscribers"."channel" in ('email', 'webhook')),
	CONSTRAINT "status_subscribers_target_format" CHECK (char_length("status_subscribers"."target") between 3 and 2000 and (("status_subscribers"."channel" = 'email' and "status_subscribers"."target" = lower("status_subscribers"."target") and "status_subscribers"."target" like '%_@_%') or ("status_subscribers"."channel" = 'webhook' and "status_subscribers"."target" ~ '^https?://'))),
	CONSTRAINT "status_subscribers_token_format" CHECK ((char_length("status_subscribers"."confirm_token_hash") = 64 and "status_subscribers"."confirm_token_hash" !~ '[^0-9a-f]') and (char_length("status_subscribers"."manage_token_hash") = 64 and "status_subscribers"."manage_token_hash" !~ '[^0-9a-f]'))
);
--> statement-breakpoint
CREATE TABLE "status_update_components" (
	"update_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"status" text NOT NULL,
	CONSTRAINT "status_update_components_pk" PRIMARY KEY("update_id","service_id"),
	CONSTRAINT "status_update_components_status_valid" CHECK ("status_update_components"."status" in ('operational', 'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage'))
);
--> statement-breakpoint
CREATE TABLE "status_updates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"title" text NOT NULL,
	"status" text NOT NULL,
	"body" text NOT NULL,
	"published_by_id" uuid,
	"published_at" timestamp with time zone NOT NULL,
	CONSTRAINT "status_updates_status_valid" CHECK ("status_updates"."status" in ('investigating', 'identified', 'monitoring', 'resolved')),
	CONSTRAINT "status_updates_title_present" CHECK (length(btrim("status_updates"."title")) > 0 and char_length("status_updates"."title") <= 200),
	CONSTRAINT "status_updates_body_present" CHECK (length(btrim("status_updates"."body")) > 0 and char_length("status_updates"."body") <= 5000)
);
--> statement-breakpoint
ALTER TABLE "tickets" DROP CONSTRAINT "tickets_security_fields_kind";--> statement-breakpoint
ALTER TABLE "tickets" DROP CONSTRAINT "tickets_notice_complete";--> statement-breakpoint
ALTER TABLE "organisations" ALTER COLUMN "status_page_public" SET DEFAULT false;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "weight_major" numeric(4, 3) DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "weight_partial" numeric(4, 3) DEFAULT 0.3 NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "weight_degraded" numeric(4, 3) DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "notice_audience" text;--> statement-breakpoint
-- Notices published before the audience was a choice went to the customer's people (the portal).
UPDATE "tickets" SET "notice_audience" = 'customers' WHERE "notice_published_at" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "credit_tiers" ADD CONSTRAINT "credit_tiers_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_services" ADD CONSTRAINT "maintenance_services_maintenance_id_maintenances_id_fk" FOREIGN KEY ("maintenance_id") REFERENCES "public"."maintenances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_services" ADD CONSTRAINT "maintenance_services_service_fk" FOREIGN KEY ("service_id","organisation_id") REFERENCES "public"."services"("id","organisation_id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_updates" ADD CONSTRAINT "maintenance_updates_maintenance_id_maintenances_id_fk" FOREIGN KEY ("maintenance_id") REFERENCES "public"."maintenances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenances" ADD CONSTRAINT "maintenances_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenances" ADD CONSTRAINT "maintenances_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_month_reports" ADD CONSTRAINT "sla_month_reports_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_month_reports" ADD CONSTRAINT "sla_month_reports_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_deliveries" ADD CONSTRAINT "status_deliveries_subscriber_id_status_subscribers_id_fk" FOREIGN KEY ("subscriber_id") REFERENCES "public"."status_subscribers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_subscriber_components" ADD CONSTRAINT "status_subscriber_components_subscriber_id_status_subscribers_id_fk" FOREIGN KEY ("subscriber_id") REFERENCES "public"."status_subscribers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_subscriber_components" ADD CONSTRAINT "status_subscriber_components_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_subscribers" ADD CONSTRAINT "status_subscribers_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_update_components" ADD CONSTRAINT "status_update_components_update_id_status_updates_id_fk" FOREIGN KEY ("update_id") REFERENCES "public"."status_updates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_update_components" ADD CONSTRAINT "status_update_components_service_fk" FOREIGN KEY ("service_id","organisation_id") REFERENCES "public"."services"("id","organisation_id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_updates" ADD CONSTRAINT "status_updates_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_updates" ADD CONSTRAINT "status_updates_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_updates" ADD CONSTRAINT "status_updates_published_by_id_users_id_fk" FOREIGN KEY ("published_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "maintenance_services_service_idx" ON "maintenance_services" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "maintenance_updates_maintenance_idx" ON "maintenance_updates" USING btree ("maintenance_id","created_at");--> statement-breakpoint
CREATE INDEX "maintenances_org_idx" ON "maintenances" USING btree ("organisation_id","scheduled_for" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "maintenances_due_idx" ON "maintenances" USING btree ("scheduled_for") WHERE "maintenances"."state" in ('scheduled', 'in_progress');--> statement-breakpoint
CREATE INDEX "sla_month_reports_org_idx" ON "sla_month_reports" USING btree ("organisation_id","month");--> statement-breakpoint
CREATE UNIQUE INDEX "status_deliveries_once_idx" ON "status_deliveries" USING btree ("subscriber_id","event_key");--> statement-breakpoint
CREATE INDEX "status_deliveries_due_idx" ON "status_deliveries" USING btree ("next_attempt_at") WHERE "status_deliveries"."delivered_at" is null and "status_deliveries"."failed_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "status_subscribers_confirm_token_idx" ON "status_subscribers" USING btree ("confirm_token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "status_subscribers_manage_token_idx" ON "status_subscribers" USING btree ("manage_token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "status_subscribers_active_target_idx" ON "status_subscribers" USING btree ("organisation_id","channel","target") WHERE "status_subscribers"."unsubscribed_at" is null;--> statement-breakpoint
CREATE INDEX "status_update_components_service_idx" ON "status_update_components" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "status_updates_ticket_idx" ON "status_updates" USING btree ("ticket_id","published_at");--> statement-breakpoint
CREATE INDEX "status_updates_org_idx" ON "status_updates" USING btree ("organisation_id","published_at" DESC NULLS LAST);--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_weights_range" CHECK ("organisations"."weight_major" between 0 and 1 and "organisations"."weight_partial" between 0 and 1 and "organisations"."weight_degraded" between 0 and 1);--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_security_fields_kind" CHECK ("tickets"."kind" = 'security' or ("tickets"."severity" is null and "tickets"."tlp" is null and "tickets"."pap" is null and "tickets"."classification" is null and "tickets"."resolution" is null and "tickets"."root_cause" is null and "tickets"."lessons_learned" is null and "tickets"."functional_impact" is null and "tickets"."information_impact" is null and "tickets"."recoverability" is null and "tickets"."public_summary" is null and "tickets"."notice_title" is null and "tickets"."notice_body" is null and "tickets"."notice_published_at" is null and "tickets"."notice_audience" is null));--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_notice_complete" CHECK (("tickets"."notice_published_at" is null) = ("tickets"."notice_audience" is null) and (("tickets"."notice_published_at" is null) or (length(btrim("tickets"."notice_title")) > 0 and length(btrim("tickets"."notice_body")) > 0 and "tickets"."notice_audience" in ('customers', 'public'))));--> statement-breakpoint
-- A public update belongs to an outage of its own organisation: a CHECK cannot read another table, so a
-- trigger checks (check_violation, like a CHECK's refusal). Same SQL for PostgreSQL 15 and PGlite.
CREATE OR REPLACE FUNCTION status_updates_outage_of_org() RETURNS trigger AS $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM tickets WHERE id = NEW.ticket_id AND kind = 'outage' AND organisation_id = NEW.organisation_id
  ) THEN
    -- A missing ticket is left to the foreign key, which names it.
    IF EXISTS (SELECT 1 FROM tickets WHERE id = NEW.ticket_id) THEN
      RAISE EXCEPTION 'status_updates: ticket % is not an outage of organisation %', NEW.ticket_id, NEW.organisation_id
        USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER status_updates_outage_of_org
  BEFORE INSERT OR UPDATE OF ticket_id, organisation_id ON status_updates
  FOR EACH ROW EXECUTE FUNCTION status_updates_outage_of_org();

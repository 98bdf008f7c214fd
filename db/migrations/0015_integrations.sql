CREATE TABLE "integration_alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"integration_id" uuid NOT NULL,
	"alert_key" text NOT NULL,
	"group_key" text NOT NULL,
	"ticket_id" uuid,
	"status" text NOT NULL,
	"summary" text NOT NULL,
	"labels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"annotations" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"starts_at" timestamp with time zone,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"seen_count" integer DEFAULT 1 NOT NULL,
	"resolved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	CONSTRAINT "integration_alerts_status_valid" CHECK ("integration_alerts"."status" in ('firing', 'resolved', 'suppressed')),
	CONSTRAINT "integration_alerts_key_length" CHECK (char_length("integration_alerts"."alert_key") between 1 and 255),
	CONSTRAINT "integration_alerts_seen_positive" CHECK ("integration_alerts"."seen_count" > 0),
	CONSTRAINT "integration_alerts_firing_on_ticket" CHECK ("integration_alerts"."status" <> 'firing' or "integration_alerts"."ticket_id" is not null),
	CONSTRAINT "integration_alerts_closed_when_resolved" CHECK (("integration_alerts"."status" = 'resolved') = ("integration_alerts"."closed_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "integration_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"integration_id" uuid NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"group_key" text,
	"alert_count" integer NOT NULL,
	"truncated_alerts" integer DEFAULT 0 NOT NULL,
	"outcome" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "integration_deliveries_counts" CHECK ("integration_deliveries"."alert_count" >= 0 and "integration_deliveries"."truncated_alerts" >= 0)
);
--> statement-breakpoint
CREATE TABLE "integrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"key_prefix" text NOT NULL,
	"default_service_id" uuid NOT NULL,
	"routing_rules" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"resolve_behaviour" text DEFAULT 'monitoring' NOT NULL,
	"reopen_window_minutes" integer DEFAULT 60 NOT NULL,
	"rate_limit_per_minute" integer DEFAULT 600 NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "integrations_kind_valid" CHECK ("integrations"."kind" in ('alertmanager', 'events_v2')),
	CONSTRAINT "integrations_resolve_behaviour_valid" CHECK ("integrations"."resolve_behaviour" in ('monitoring', 'resolve')),
	CONSTRAINT "integrations_name_present" CHECK (length(btrim("integrations"."name")) > 0 and char_length("integrations"."name") <= 100),
	CONSTRAINT "integrations_key_hash_format" CHECK ((char_length("integrations"."key_hash") = 64 and "integrations"."key_hash" !~ '[^0-9a-f]')),
	CONSTRAINT "integrations_key_prefix_length" CHECK (char_length("integrations"."key_prefix") between 4 and 12),
	CONSTRAINT "integrations_routing_rules_array" CHECK (jsonb_typeof("integrations"."routing_rules") = 'array'),
	CONSTRAINT "integrations_reopen_window_range" CHECK ("integrations"."reopen_window_minutes" between 0 and 10080),
	CONSTRAINT "integrations_rate_limit_range" CHECK ("integrations"."rate_limit_per_minute" between 1 and 10000)
);
--> statement-breakpoint
ALTER TABLE "integration_alerts" ADD CONSTRAINT "integration_alerts_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_alerts" ADD CONSTRAINT "integration_alerts_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integration_deliveries" ADD CONSTRAINT "integration_deliveries_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "integrations" ADD CONSTRAINT "integrations_default_service_fk" FOREIGN KEY ("default_service_id","organisation_id") REFERENCES "public"."services"("id","organisation_id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "integration_alerts_live_unique" ON "integration_alerts" USING btree ("integration_id","alert_key") WHERE "integration_alerts"."closed_at" is null;--> statement-breakpoint
CREATE INDEX "integration_alerts_group_idx" ON "integration_alerts" USING btree ("integration_id","group_key","last_seen_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "integration_alerts_ticket_idx" ON "integration_alerts" USING btree ("ticket_id") WHERE "integration_alerts"."closed_at" is null;--> statement-breakpoint
CREATE INDEX "integration_deliveries_integration_idx" ON "integration_deliveries" USING btree ("integration_id","received_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "integrations_key_hash_unique" ON "integrations" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "integrations_org_idx" ON "integrations" USING btree ("organisation_id","created_at");--> statement-breakpoint
-- An integration's alert sits on a ticket of the integration's own organisation: a CHECK cannot read
-- other tables, so a trigger checks (check_violation, like a CHECK's refusal). Same SQL for PostgreSQL
-- and PGlite.
CREATE OR REPLACE FUNCTION integration_alerts_ticket_of_org() RETURNS trigger AS $$
BEGIN
  IF NEW.ticket_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM tickets t JOIN integrations i ON i.id = NEW.integration_id
    WHERE t.id = NEW.ticket_id AND t.organisation_id = i.organisation_id
  ) THEN
    -- A missing ticket or integration is left to the foreign keys, which name them.
    IF EXISTS (SELECT 1 FROM tickets WHERE id = NEW.ticket_id)
       AND EXISTS (SELECT 1 FROM integrations WHERE id = NEW.integration_id) THEN
      RAISE EXCEPTION 'integration_alerts: ticket % is not of the organisation of integration %',
        NEW.ticket_id, NEW.integration_id USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER integration_alerts_ticket_of_org
  BEFORE INSERT OR UPDATE OF ticket_id, integration_id ON integration_alerts
  FOR EACH ROW EXECUTE FUNCTION integration_alerts_ticket_of_org();

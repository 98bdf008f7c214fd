CREATE TABLE "alert_correlations" (
	"integration_id" uuid NOT NULL,
	"alert_key" text NOT NULL,
	"incident_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"observable_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "alert_correlations_integration_id_alert_key_incident_id_pk" PRIMARY KEY("integration_id","alert_key","incident_id"),
	CONSTRAINT "alert_correlations_not_self" CHECK ("alert_correlations"."ticket_id" <> "alert_correlations"."incident_id")
);
--> statement-breakpoint
ALTER TABLE "alert_correlations" ADD CONSTRAINT "alert_correlations_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_correlations" ADD CONSTRAINT "alert_correlations_incident_id_tickets_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_correlations" ADD CONSTRAINT "alert_correlations_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_correlations" ADD CONSTRAINT "alert_correlations_observable_id_observables_id_fk" FOREIGN KEY ("observable_id") REFERENCES "public"."observables"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_correlations_ticket_idx" ON "alert_correlations" USING btree ("ticket_id","incident_id");--> statement-breakpoint
CREATE INDEX "alert_correlations_incident_idx" ON "alert_correlations" USING btree ("incident_id");--> statement-breakpoint

-- Hand-written (not generated): a correlation always names a security incident
-- (a CHECK cannot look at another row).
CREATE OR REPLACE FUNCTION alert_correlations_incident_is_security() RETURNS trigger AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM tickets WHERE id = NEW.incident_id AND kind = 'security') THEN
    RAISE EXCEPTION 'alert_correlations: incident_id must be a security incident'
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER alert_correlations_incident_kind
  BEFORE INSERT OR UPDATE OF incident_id ON alert_correlations
  FOR EACH ROW EXECUTE FUNCTION alert_correlations_incident_is_security();

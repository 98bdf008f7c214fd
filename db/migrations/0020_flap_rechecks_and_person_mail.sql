ALTER TABLE "status_deliveries" ALTER COLUMN "subscriber_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "integration_alerts" ADD COLUMN "flap_recheck_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "status_deliveries" ADD COLUMN "user_id" uuid;--> statement-breakpoint
ALTER TABLE "status_deliveries" ADD COLUMN "ticket_id" uuid;--> statement-breakpoint
ALTER TABLE "status_deliveries" ADD CONSTRAINT "status_deliveries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_deliveries" ADD CONSTRAINT "status_deliveries_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "integration_alerts_flap_recheck_idx" ON "integration_alerts" USING btree ("flap_recheck_at") WHERE "integration_alerts"."flap_recheck_at" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "status_deliveries_user_once_idx" ON "status_deliveries" USING btree ("user_id","event_key") WHERE "status_deliveries"."user_id" is not null;--> statement-breakpoint
ALTER TABLE "status_deliveries" ADD CONSTRAINT "status_deliveries_one_recipient" CHECK (("status_deliveries"."subscriber_id" is null) <> ("status_deliveries"."user_id" is null) and ("status_deliveries"."user_id" is null) = ("status_deliveries"."ticket_id" is null));--> statement-breakpoint
-- Hand-written. A flapping alert's resolve walks no ticket (its ticket is held open while the alert flaps),
-- so it is queued for the scheduler's flap re-check for the moment its flap window has passed: the last
-- time it was heard, plus the window, plus a millisecond (the window counts its last instant as flapping).
-- In SQL so that every path that resolves an alert queues it, without a statement more on the write path;
-- the WHEN clause keeps the trigger off every other update.
CREATE OR REPLACE FUNCTION integration_alerts_queue_flap_recheck() RETURNS trigger AS $$
BEGIN
  SELECT NEW.last_seen_at + make_interval(mins => i.flap_window_minutes) + interval '1 millisecond'
    INTO NEW.flap_recheck_at
    FROM integrations i WHERE i.id = NEW.integration_id;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER integration_alerts_queue_flap_recheck
  BEFORE UPDATE OF status ON integration_alerts
  FOR EACH ROW
  WHEN (NEW.status = 'resolved' AND OLD.status <> 'resolved' AND NEW.flapping AND NEW.ticket_id IS NOT NULL)
  EXECUTE FUNCTION integration_alerts_queue_flap_recheck();
--> statement-breakpoint
-- Flapping alerts that resolved before this migration, on tickets still open, are queued too.
UPDATE integration_alerts a
  SET flap_recheck_at = a.last_seen_at + make_interval(mins => i.flap_window_minutes) + interval '1 millisecond'
  FROM integrations i, tickets t
  WHERE i.id = a.integration_id AND t.id = a.ticket_id
    AND a.flapping AND a.status = 'resolved' AND t.status NOT IN ('resolved', 'closed');

CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"type" text NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" uuid,
	"actor_label" text NOT NULL,
	"subject" text NOT NULL,
	"payload" jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	CONSTRAINT "audit_log_actor_type_valid" CHECK ("audit_log"."actor_type" in ('user', 'system', 'integration')),
	CONSTRAINT "audit_log_user_actor_has_id" CHECK (("audit_log"."actor_type" = 'user') = ("audit_log"."actor_id" is not null)),
	CONSTRAINT "audit_log_type_format" CHECK (char_length("audit_log"."type") between 2 and 64 and "audit_log"."type" ~ '^[a-z][a-z0-9_.]*$'),
	CONSTRAINT "audit_log_subject_present" CHECK (char_length("audit_log"."subject") between 1 and 400)
);
--> statement-breakpoint
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
CREATE INDEX "audit_log_subject_idx" ON "audit_log" USING btree ("subject","occurred_at");--> statement-breakpoint
CREATE INDEX "audit_log_occurred_brin" ON "audit_log" USING brin ("occurred_at");--> statement-breakpoint
CREATE INDEX "sign_in_throttle_updated_idx" ON "sign_in_throttle" USING btree ("updated_at");--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_outage_resolution" CHECK (("tickets"."kind" = 'outage' or ("tickets"."resolution_summary" is null and "tickets"."cause_category" is null)) and ("tickets"."cause_category" is null or "tickets"."cause_category" in ('hardware', 'software', 'network', 'power', 'capacity', 'configuration_change', 'third_party', 'security', 'human_error', 'unknown')) and ("tickets"."resolution_summary" is null or length(btrim("tickets"."resolution_summary")) between 1 and 4000));--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_session_epoch_nonnegative" CHECK ("users"."session_epoch" >= 0);--> statement-breakpoint
-- audit_log is append-only, as ticket_events is (the function from 0001 names its table in the message).
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update_delete
  BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate
  BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

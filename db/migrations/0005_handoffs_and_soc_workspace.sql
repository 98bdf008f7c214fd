CREATE TABLE "attack_techniques" (
	"ticket_id" uuid NOT NULL,
	"technique_id" text NOT NULL,
	"tactic" text NOT NULL,
	"added_by_id" uuid,
	"added_at" timestamp with time zone NOT NULL,
	CONSTRAINT "attack_techniques_ticket_id_technique_id_tactic_pk" PRIMARY KEY("ticket_id","technique_id","tactic"),
	CONSTRAINT "attack_techniques_id_format" CHECK ("attack_techniques"."technique_id" ~ '^T[0-9]{4}([.][0-9]{3})?$'),
	CONSTRAINT "attack_techniques_tactic_valid" CHECK ("attack_techniques"."tactic" in ('reconnaissance', 'resource_development', 'initial_access', 'execution', 'persistence', 'privilege_escalation', 'defense_evasion', 'credential_access', 'discovery', 'lateral_movement', 'collection', 'command_and_control', 'exfiltration', 'impact'))
);
--> statement-breakpoint
CREATE TABLE "custody_entries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "custody_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"evidence_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"from_custodian" text,
	"to_custodian" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"recorded_by_id" uuid,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "custody_entries_evidence_seq" UNIQUE("evidence_id","seq"),
	CONSTRAINT "custody_entries_seq_positive" CHECK ("custody_entries"."seq" > 0),
	CONSTRAINT "custody_entries_first_is_collection" CHECK (("custody_entries"."seq" = 1) = ("custody_entries"."from_custodian" is null)),
	CONSTRAINT "custody_entries_reason_present" CHECK (length(btrim("custody_entries"."reason")) > 0)
);
--> statement-breakpoint
CREATE TABLE "evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"name" text NOT NULL,
	"sha256" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"collected_by" text NOT NULL,
	"collected_at" timestamp with time zone NOT NULL,
	"location" text NOT NULL,
	"custodian" text NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	CONSTRAINT "evidence_ticket_sha256" UNIQUE("ticket_id","sha256"),
	CONSTRAINT "evidence_sha256_hex" CHECK ("evidence"."sha256" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "evidence_size_nonnegative" CHECK ("evidence"."size_bytes" >= 0),
	CONSTRAINT "evidence_name_present" CHECK (length(btrim("evidence"."name")) between 1 and 300)
);
--> statement-breakpoint
CREATE TABLE "handoffs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"outage_id" uuid NOT NULL,
	"incident_id" uuid,
	"status" text NOT NULL,
	"machine" jsonb NOT NULL,
	"hypothesis" text NOT NULL,
	"confidence" text NOT NULL,
	"symptom_start_at" timestamp with time zone NOT NULL,
	"recommended_severity" text NOT NULL,
	"recommended_tlp" text NOT NULL,
	"packet" jsonb NOT NULL,
	"requested_by_id" uuid,
	"requested_at" timestamp with time zone NOT NULL,
	"decided_by_id" uuid,
	"decided_at" timestamp with time zone,
	"decline_reason" text,
	CONSTRAINT "handoffs_status_valid" CHECK ("handoffs"."status" in ('requested', 'escalated', 'accepted', 'declined')),
	CONSTRAINT "handoffs_confidence_valid" CHECK ("handoffs"."confidence" in ('low', 'medium', 'high')),
	CONSTRAINT "handoffs_severity_valid" CHECK ("handoffs"."recommended_severity" in ('low', 'medium', 'high', 'critical')),
	CONSTRAINT "handoffs_tlp_valid" CHECK ("handoffs"."recommended_tlp" in ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
	CONSTRAINT "handoffs_hypothesis_present" CHECK (length(btrim("handoffs"."hypothesis")) between 1 and 5000),
	CONSTRAINT "handoffs_accepted_has_incident" CHECK (("handoffs"."status" = 'accepted') = ("handoffs"."incident_id" is not null)),
	CONSTRAINT "handoffs_declined_has_reason" CHECK (("handoffs"."status" = 'declined') = ("handoffs"."decline_reason" is not null and length(btrim("handoffs"."decline_reason")) > 0)),
	CONSTRAINT "handoffs_decided_consistent" CHECK (("handoffs"."status" in ('accepted', 'declined')) = ("handoffs"."decided_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "observables" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"type" text NOT NULL,
	"value" text NOT NULL,
	"ioc" boolean DEFAULT false NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"added_by_id" uuid,
	"added_at" timestamp with time zone NOT NULL,
	CONSTRAINT "observables_ticket_type_value" UNIQUE("ticket_id","type","value"),
	CONSTRAINT "observables_type_valid" CHECK ("observables"."type" in ('ipv4', 'ipv6', 'cidr', 'domain', 'hostname', 'url', 'email', 'sha256', 'sha1', 'md5', 'username', 'other')),
	CONSTRAINT "observables_value_length" CHECK (length("observables"."value") between 1 and 2048)
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"action" text,
	"requested_by_ticket_id" uuid,
	"title" text NOT NULL,
	"details" text DEFAULT '' NOT NULL,
	"assignee_id" uuid,
	"due_at" timestamp with time zone,
	"status" text DEFAULT 'open' NOT NULL,
	"result" text,
	"created_by_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"completed_by_id" uuid,
	"completed_at" timestamp with time zone,
	CONSTRAINT "tasks_kind_valid" CHECK ("tasks"."kind" in ('task', 'noc_action')),
	CONSTRAINT "tasks_status_valid" CHECK ("tasks"."status" in ('open', 'done', 'cancelled')),
	CONSTRAINT "tasks_action_valid" CHECK ("tasks"."action" is null or "tasks"."action" in ('block_address', 'isolate_segment', 'collect_logs', 'other')),
	CONSTRAINT "tasks_noc_action_shape" CHECK (("tasks"."kind" = 'noc_action') = ("tasks"."action" is not null and "tasks"."requested_by_ticket_id" is not null)),
	CONSTRAINT "tasks_title_length" CHECK (length(btrim("tasks"."title")) between 1 and 200),
	CONSTRAINT "tasks_done_consistent" CHECK (("tasks"."status" = 'open') = ("tasks"."completed_at" is null)),
	CONSTRAINT "tasks_noc_action_result" CHECK ("tasks"."kind" <> 'noc_action' or "tasks"."status" <> 'done' or length(btrim(coalesce("tasks"."result", ''))) > 0)
);
--> statement-breakpoint
ALTER TABLE "tickets" DROP CONSTRAINT "tickets_security_fields_kind";--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "functional_impact" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "information_impact" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "recoverability" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "public_summary" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "notice_title" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "notice_body" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "notice_published_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "attack_techniques" ADD CONSTRAINT "attack_techniques_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attack_techniques" ADD CONSTRAINT "attack_techniques_added_by_id_users_id_fk" FOREIGN KEY ("added_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "custody_entries" ADD CONSTRAINT "custody_entries_evidence_id_evidence_id_fk" FOREIGN KEY ("evidence_id") REFERENCES "public"."evidence"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "custody_entries" ADD CONSTRAINT "custody_entries_recorded_by_id_users_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handoffs" ADD CONSTRAINT "handoffs_outage_id_tickets_id_fk" FOREIGN KEY ("outage_id") REFERENCES "public"."tickets"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handoffs" ADD CONSTRAINT "handoffs_incident_id_tickets_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."tickets"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handoffs" ADD CONSTRAINT "handoffs_requested_by_id_users_id_fk" FOREIGN KEY ("requested_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handoffs" ADD CONSTRAINT "handoffs_decided_by_id_users_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observables" ADD CONSTRAINT "observables_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observables" ADD CONSTRAINT "observables_added_by_id_users_id_fk" FOREIGN KEY ("added_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_requested_by_ticket_id_tickets_id_fk" FOREIGN KEY ("requested_by_ticket_id") REFERENCES "public"."tickets"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_completed_by_id_users_id_fk" FOREIGN KEY ("completed_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "handoffs_one_open_per_outage" ON "handoffs" USING btree ("outage_id") WHERE "handoffs"."status" in ('requested', 'escalated');--> statement-breakpoint
CREATE INDEX "handoffs_status_requested_idx" ON "handoffs" USING btree ("status","requested_at");--> statement-breakpoint
CREATE INDEX "handoffs_incident_idx" ON "handoffs" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "observables_type_value_idx" ON "observables" USING btree ("type","value");--> statement-breakpoint
CREATE INDEX "tasks_ticket_idx" ON "tasks" USING btree ("ticket_id","created_at");--> statement-breakpoint
CREATE INDEX "tasks_requested_by_idx" ON "tasks" USING btree ("requested_by_ticket_id");--> statement-breakpoint
CREATE INDEX "tickets_notice_idx" ON "tickets" USING btree ("organisation_id","notice_published_at" DESC NULLS LAST) WHERE "tickets"."notice_published_at" is not null;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_notice_complete" CHECK (("tickets"."notice_published_at" is null) or (length(btrim("tickets"."notice_title")) > 0 and length(btrim("tickets"."notice_body")) > 0));--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_impact_factors_valid" CHECK (("tickets"."functional_impact" is null or "tickets"."functional_impact" in ('none', 'low', 'medium', 'high')) and ("tickets"."information_impact" is null or "tickets"."information_impact" in ('none', 'privacy_breach', 'proprietary_breach', 'integrity_loss')) and ("tickets"."recoverability" is null or "tickets"."recoverability" in ('regular', 'supplemented', 'extended', 'not_recoverable')));--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_security_fields_kind" CHECK ("tickets"."kind" = 'security' or ("tickets"."severity" is null and "tickets"."tlp" is null and "tickets"."pap" is null and "tickets"."classification" is null and "tickets"."resolution" is null and "tickets"."root_cause" is null and "tickets"."lessons_learned" is null and "tickets"."functional_impact" is null and "tickets"."information_impact" is null and "tickets"."recoverability" is null and "tickets"."public_summary" is null and "tickets"."notice_title" is null and "tickets"."notice_body" is null and "tickets"."notice_published_at" is null));--> statement-breakpoint
-- The chain-of-custody ledger is append-only, like the audit log (same SQL for PostgreSQL 15 and PGlite).
CREATE OR REPLACE FUNCTION custody_entries_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'custody_entries is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER custody_entries_no_update_delete
  BEFORE UPDATE OR DELETE ON custody_entries
  FOR EACH ROW EXECUTE FUNCTION custody_entries_refuse_change();
--> statement-breakpoint
CREATE TRIGGER custody_entries_no_truncate
  BEFORE TRUNCATE ON custody_entries
  FOR EACH STATEMENT EXECUTE FUNCTION custody_entries_refuse_change();

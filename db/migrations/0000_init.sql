CREATE SEQUENCE "public"."outage_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1000 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "public"."security_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"availability_commitment" numeric(6, 3) DEFAULT 99.9 NOT NULL,
	"status_page_public" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organisations_slug_unique" UNIQUE("slug"),
	CONSTRAINT "organisations_slug_format" CHECK ("organisations"."slug" ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
	CONSTRAINT "organisations_kind_valid" CHECK ("organisations"."kind" in ('operator', 'customer')),
	CONSTRAINT "organisations_name_present" CHECK (length(btrim("organisations"."name")) > 0),
	CONSTRAINT "organisations_commitment_range" CHECK ("organisations"."availability_commitment" > 0 and "organisations"."availability_commitment" <= 100)
);
--> statement-breakpoint
CREATE TABLE "services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"group_name" text,
	"availability_commitment" numeric(6, 3) DEFAULT 99.9 NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "services_org_slug_unique" UNIQUE("organisation_id","slug"),
	CONSTRAINT "services_slug_format" CHECK ("services"."slug" ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
	CONSTRAINT "services_name_present" CHECK (length(btrim("services"."name")) > 0),
	CONSTRAINT "services_commitment_range" CHECK ("services"."availability_commitment" > 0 and "services"."availability_commitment" <= 100)
);
--> statement-breakpoint
CREATE TABLE "ticket_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "ticket_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ticket_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"type" text NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" uuid,
	"actor_label" text NOT NULL,
	"payload" jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "ticket_events_ticket_seq_unique" UNIQUE("ticket_id","seq"),
	CONSTRAINT "ticket_events_seq_positive" CHECK ("ticket_events"."seq" > 0),
	CONSTRAINT "ticket_events_actor_type_valid" CHECK ("ticket_events"."actor_type" in ('user', 'system', 'integration')),
	CONSTRAINT "ticket_events_user_actor_has_id" CHECK (("ticket_events"."actor_type" = 'user') = ("ticket_events"."actor_id" is not null)),
	CONSTRAINT "ticket_events_hash_format" CHECK ("ticket_events"."hash" ~ '^[0-9a-f]{64}$' and "ticket_events"."prev_hash" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "ticket_events_type_format" CHECK ("ticket_events"."type" ~ '^[a-z][a-z0-9_.]{1,63}$')
);
--> statement-breakpoint
CREATE TABLE "ticket_services" (
	"ticket_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	CONSTRAINT "ticket_services_ticket_id_service_id_pk" PRIMARY KEY("ticket_id","service_id")
);
--> statement-breakpoint
CREATE TABLE "tickets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"number" integer NOT NULL,
	"organisation_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"impact" text NOT NULL,
	"urgency" text NOT NULL,
	"priority" text NOT NULL,
	"priority_override_reason" text,
	"status" text NOT NULL,
	"security_link" text,
	"lifecycle" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"dedup_key" text,
	"assignee_id" uuid,
	"created_by_id" uuid,
	"severity" text,
	"tlp" text,
	"pap" text,
	"classification" text,
	"resolution" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	CONSTRAINT "tickets_kind_number_unique" UNIQUE("kind","number"),
	CONSTRAINT "tickets_kind_valid" CHECK ("tickets"."kind" in ('outage', 'security')),
	CONSTRAINT "tickets_status_valid_for_kind" CHECK (("tickets"."kind" = 'outage' and "tickets"."status" in ('new', 'acknowledged', 'investigating', 'identified', 'monitoring', 'resolved', 'closed', 'on_hold')) or ("tickets"."kind" = 'security' and "tickets"."status" in ('triage', 'investigating', 'containment', 'eradication', 'recovery', 'post_incident', 'closed'))),
	CONSTRAINT "tickets_priority_valid" CHECK ("tickets"."priority" in ('P1', 'P2', 'P3', 'P4')),
	CONSTRAINT "tickets_impact_valid" CHECK ("tickets"."impact" in ('high', 'medium', 'low')),
	CONSTRAINT "tickets_urgency_valid" CHECK ("tickets"."urgency" in ('high', 'medium', 'low')),
	CONSTRAINT "tickets_source_valid" CHECK ("tickets"."source" in ('manual', 'alertmanager', 'events-v2', 'portal', 'handoff')),
	CONSTRAINT "tickets_number_positive" CHECK ("tickets"."number" > 0),
	CONSTRAINT "tickets_version_positive" CHECK ("tickets"."version" > 0),
	CONSTRAINT "tickets_title_length" CHECK (length(btrim("tickets"."title")) between 1 and 200),
	CONSTRAINT "tickets_override_reason_present" CHECK ("tickets"."priority_override_reason" is null or length(btrim("tickets"."priority_override_reason")) > 0),
	CONSTRAINT "tickets_security_link_kind" CHECK (("tickets"."kind" = 'outage') = ("tickets"."security_link" is not null) and ("tickets"."security_link" is null or "tickets"."security_link" in ('none', 'handoff_requested', 'under_soc_investigation', 'cleared'))),
	CONSTRAINT "tickets_security_fields_kind" CHECK ("tickets"."kind" = 'security' or ("tickets"."severity" is null and "tickets"."tlp" is null and "tickets"."pap" is null and "tickets"."classification" is null and "tickets"."resolution" is null)),
	CONSTRAINT "tickets_severity_valid" CHECK ("tickets"."severity" is null or "tickets"."severity" in ('low', 'medium', 'high', 'critical')),
	CONSTRAINT "tickets_tlp_valid" CHECK ("tickets"."tlp" is null or "tickets"."tlp" in ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
	CONSTRAINT "tickets_pap_valid" CHECK ("tickets"."pap" is null or "tickets"."pap" in ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
	CONSTRAINT "tickets_resolution_valid" CHECK ("tickets"."resolution" is null or "tickets"."resolution" in ('true_positive_impact', 'true_positive_no_impact', 'false_positive', 'benign', 'duplicate')),
	CONSTRAINT "tickets_timestamps_ordered" CHECK ("tickets"."updated_at" >= "tickets"."created_at" and ("tickets"."acknowledged_at" is null or "tickets"."acknowledged_at" >= "tickets"."created_at") and ("tickets"."resolved_at" is null or "tickets"."resolved_at" >= "tickets"."created_at") and ("tickets"."closed_at" is null or "tickets"."closed_at" >= "tickets"."created_at")),
	CONSTRAINT "tickets_dedup_key_length" CHECK ("tickets"."dedup_key" is null or length("tickets"."dedup_key") between 1 and 255)
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"password_hash" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email"),
	CONSTRAINT "users_role_valid" CHECK ("users"."role" in ('admin', 'manager', 'noc_engineer', 'soc_analyst', 'customer')),
	CONSTRAINT "users_email_normalised" CHECK ("users"."email" = lower("users"."email") and "users"."email" like '%_@_%'),
	CONSTRAINT "users_password_hash_format" CHECK ("users"."password_hash" is null or "users"."password_hash" like '$2%')
);
--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_events" ADD CONSTRAINT "ticket_events_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_services" ADD CONSTRAINT "ticket_services_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_services" ADD CONSTRAINT "ticket_services_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "organisations_single_operator" ON "organisations" USING btree ("kind") WHERE "organisations"."kind" = 'operator';--> statement-breakpoint
CREATE INDEX "ticket_events_occurred_idx" ON "ticket_events" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "ticket_services_service_idx" ON "ticket_services" USING btree ("service_id");--> statement-breakpoint
CREATE INDEX "tickets_kind_created_idx" ON "tickets" USING btree ("kind","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "tickets_org_created_idx" ON "tickets" USING btree ("organisation_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "tickets_status_idx" ON "tickets" USING btree ("kind","status");--> statement-breakpoint
CREATE INDEX "tickets_dedup_idx" ON "tickets" USING btree ("source","dedup_key") WHERE "tickets"."dedup_key" is not null;--> statement-breakpoint
CREATE INDEX "users_organisation_idx" ON "users" USING btree ("organisation_id");
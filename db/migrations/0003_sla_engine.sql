CREATE TABLE "business_calendars" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"time_zone" text NOT NULL,
	"weekly" jsonb NOT NULL,
	"holidays" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"holiday_preset" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "business_calendars_name_unique" UNIQUE("name"),
	CONSTRAINT "business_calendars_name_present" CHECK (length(btrim("business_calendars"."name")) > 0),
	CONSTRAINT "business_calendars_weekly_array" CHECK (jsonb_typeof("business_calendars"."weekly") = 'array' and jsonb_array_length("business_calendars"."weekly") > 0),
	CONSTRAINT "business_calendars_holidays_array" CHECK (jsonb_typeof("business_calendars"."holidays") = 'array')
);
--> statement-breakpoint
CREATE TABLE "escalation_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"levels" jsonb NOT NULL,
	"repeat" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "escalation_policies_name_unique" UNIQUE("name"),
	CONSTRAINT "escalation_policies_repeat_range" CHECK ("escalation_policies"."repeat" between 0 and 10),
	CONSTRAINT "escalation_policies_levels_array" CHECK (jsonb_typeof("escalation_policies"."levels") = 'array' and jsonb_array_length("escalation_policies"."levels") > 0)
);
--> statement-breakpoint
CREATE TABLE "fired_effects" (
	"ticket_id" uuid NOT NULL,
	"key" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"fired_at" timestamp with time zone NOT NULL,
	CONSTRAINT "fired_effects_ticket_key" UNIQUE("ticket_id","key")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"ticket_id" uuid,
	"dedup_key" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone,
	CONSTRAINT "notifications_user_dedup" UNIQUE("user_id","dedup_key")
);
--> statement-breakpoint
CREATE TABLE "sla_clocks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"subject_key" text DEFAULT '' NOT NULL,
	"state" text NOT NULL,
	"machine" jsonb NOT NULL,
	"calendar_id" uuid,
	"target_ms" bigint NOT NULL,
	"elapsed_ms" bigint DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone,
	"next_check_at" timestamp with time zone,
	"paused_at" timestamp with time zone,
	"breached_at" timestamp with time zone,
	"met_at" timestamp with time zone,
	"warned" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sla_clocks_ticket_metric_subject" UNIQUE("ticket_id","metric","subject_key"),
	CONSTRAINT "sla_clocks_metric_valid" CHECK ("sla_clocks"."metric" in ('response', 'resolution', 'handoff_acceptance', 'noc_action')),
	CONSTRAINT "sla_clocks_state_valid" CHECK ("sla_clocks"."state" in ('running', 'paused', 'met', 'breached', 'met_late')),
	CONSTRAINT "sla_clocks_target_positive" CHECK ("sla_clocks"."target_ms" > 0),
	CONSTRAINT "sla_clocks_elapsed_nonnegative" CHECK ("sla_clocks"."elapsed_ms" >= 0),
	CONSTRAINT "sla_clocks_breach_consistent" CHECK (("sla_clocks"."state" in ('breached', 'met_late')) = ("sla_clocks"."breached_at" is not null)),
	CONSTRAINT "sla_clocks_met_consistent" CHECK (("sla_clocks"."state" in ('met', 'met_late')) = ("sla_clocks"."met_at" is not null)),
	CONSTRAINT "sla_clocks_paused_consistent" CHECK (("sla_clocks"."state" = 'paused') = ("sla_clocks"."paused_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "sla_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"calendar_id" uuid NOT NULL,
	"targets" jsonb NOT NULL,
	"warn_thresholds" integer[] DEFAULT '{75,90}'::integer[] NOT NULL,
	"escalation_policy_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sla_policies_name_unique" UNIQUE("name"),
	CONSTRAINT "sla_policies_targets_object" CHECK (jsonb_typeof("sla_policies"."targets") = 'object'),
	CONSTRAINT "sla_policies_thresholds_range" CHECK (1 <= all("sla_policies"."warn_thresholds") and 99 >= all("sla_policies"."warn_thresholds") and cardinality("sla_policies"."warn_thresholds") <= 5)
);
--> statement-breakpoint
CREATE TABLE "ticket_escalations" (
	"ticket_id" uuid PRIMARY KEY NOT NULL,
	"policy_id" uuid NOT NULL,
	"machine" jsonb NOT NULL,
	"state" text NOT NULL,
	"next_check_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "sla_policy_id" uuid;--> statement-breakpoint
ALTER TABLE "fired_effects" ADD CONSTRAINT "fired_effects_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_clocks" ADD CONSTRAINT "sla_clocks_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_clocks" ADD CONSTRAINT "sla_clocks_calendar_id_business_calendars_id_fk" FOREIGN KEY ("calendar_id") REFERENCES "public"."business_calendars"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_policies" ADD CONSTRAINT "sla_policies_calendar_id_business_calendars_id_fk" FOREIGN KEY ("calendar_id") REFERENCES "public"."business_calendars"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_policies" ADD CONSTRAINT "sla_policies_escalation_policy_id_escalation_policies_id_fk" FOREIGN KEY ("escalation_policy_id") REFERENCES "public"."escalation_policies"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_escalations" ADD CONSTRAINT "ticket_escalations_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_escalations" ADD CONSTRAINT "ticket_escalations_policy_id_escalation_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."escalation_policies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notifications_user_created_idx" ON "notifications" USING btree ("user_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "sla_clocks_next_check_idx" ON "sla_clocks" USING btree ("next_check_at") WHERE "sla_clocks"."next_check_at" is not null;--> statement-breakpoint
CREATE INDEX "ticket_escalations_next_check_idx" ON "ticket_escalations" USING btree ("next_check_at") WHERE "ticket_escalations"."next_check_at" is not null;--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_sla_policy_id_sla_policies_id_fk" FOREIGN KEY ("sla_policy_id") REFERENCES "public"."sla_policies"("id") ON DELETE set null ON UPDATE no action;
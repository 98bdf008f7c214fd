CREATE TABLE "ticket_links" (
	"from_ticket_id" uuid NOT NULL,
	"to_ticket_id" uuid NOT NULL,
	"type" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by_id" uuid,
	CONSTRAINT "ticket_links_from_ticket_id_to_ticket_id_type_pk" PRIMARY KEY("from_ticket_id","to_ticket_id","type"),
	CONSTRAINT "ticket_links_not_self" CHECK ("ticket_links"."from_ticket_id" <> "ticket_links"."to_ticket_id"),
	CONSTRAINT "ticket_links_type_valid" CHECK ("ticket_links"."type" in ('relates_to', 'duplicates', 'caused_by', 'handoff'))
);
--> statement-breakpoint
ALTER TABLE "tickets" DROP CONSTRAINT "tickets_security_fields_kind";--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "root_cause" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "lessons_learned" text;--> statement-breakpoint
ALTER TABLE "ticket_links" ADD CONSTRAINT "ticket_links_from_ticket_id_tickets_id_fk" FOREIGN KEY ("from_ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_links" ADD CONSTRAINT "ticket_links_to_ticket_id_tickets_id_fk" FOREIGN KEY ("to_ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_links" ADD CONSTRAINT "ticket_links_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ticket_links_to_idx" ON "ticket_links" USING btree ("to_ticket_id");--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_security_fields_kind" CHECK ("tickets"."kind" = 'security' or ("tickets"."severity" is null and "tickets"."tlp" is null and "tickets"."pap" is null and "tickets"."classification" is null and "tickets"."resolution" is null and "tickets"."root_cause" is null and "tickets"."lessons_learned" is null));
CREATE TABLE "post_incident_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"impact" text DEFAULT '' NOT NULL,
	"root_cause" text DEFAULT '' NOT NULL,
	"went_well" text DEFAULT '' NOT NULL,
	"to_improve" text DEFAULT '' NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_by_id" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	"published_by_id" uuid,
	"published_at" timestamp with time zone,
	CONSTRAINT "post_incident_reviews_one_per_ticket" UNIQUE("ticket_id"),
	CONSTRAINT "post_incident_reviews_status_valid" CHECK ("post_incident_reviews"."status" in ('draft', 'published')),
	CONSTRAINT "post_incident_reviews_text_length" CHECK (length("post_incident_reviews"."impact") <= 10000 and length("post_incident_reviews"."root_cause") <= 10000 and length("post_incident_reviews"."went_well") <= 10000 and length("post_incident_reviews"."to_improve") <= 10000),
	CONSTRAINT "post_incident_reviews_revision_positive" CHECK ("post_incident_reviews"."revision" > 0),
	CONSTRAINT "post_incident_reviews_published_consistent" CHECK (("post_incident_reviews"."status" = 'published') = ("post_incident_reviews"."published_at" is not null)),
	CONSTRAINT "post_incident_reviews_published_complete" CHECK ("post_incident_reviews"."status" <> 'published' or (length(btrim("post_incident_reviews"."impact")) > 0 and length(btrim("post_incident_reviews"."root_cause")) > 0)),
	CONSTRAINT "post_incident_reviews_timestamps_ordered" CHECK ("post_incident_reviews"."updated_at" >= "post_incident_reviews"."created_at" and ("post_incident_reviews"."published_at" is null or "post_incident_reviews"."published_at" >= "post_incident_reviews"."created_at"))
);
--> statement-breakpoint
CREATE TABLE "review_follow_ups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"review_id" uuid NOT NULL,
	"title" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"due_on" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"completed_by_id" uuid,
	"completed_at" timestamp with time zone,
	CONSTRAINT "review_follow_ups_status_valid" CHECK ("review_follow_ups"."status" in ('open', 'done')),
	CONSTRAINT "review_follow_ups_title_length" CHECK (length(btrim("review_follow_ups"."title")) between 1 and 200),
	CONSTRAINT "review_follow_ups_due_range" CHECK ("review_follow_ups"."due_on" between '1970-01-01' and '2199-12-31'),
	CONSTRAINT "review_follow_ups_done_consistent" CHECK (("review_follow_ups"."status" = 'done') = ("review_follow_ups"."completed_at" is not null)),
	CONSTRAINT "review_follow_ups_completed_after_created" CHECK ("review_follow_ups"."completed_at" is null or "review_follow_ups"."completed_at" >= "review_follow_ups"."created_at")
);
--> statement-breakpoint
ALTER TABLE "post_incident_reviews" ADD CONSTRAINT "post_incident_reviews_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_incident_reviews" ADD CONSTRAINT "post_incident_reviews_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_incident_reviews" ADD CONSTRAINT "post_incident_reviews_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_incident_reviews" ADD CONSTRAINT "post_incident_reviews_published_by_id_users_id_fk" FOREIGN KEY ("published_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_follow_ups" ADD CONSTRAINT "review_follow_ups_review_id_post_incident_reviews_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."post_incident_reviews"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_follow_ups" ADD CONSTRAINT "review_follow_ups_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_follow_ups" ADD CONSTRAINT "review_follow_ups_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_follow_ups" ADD CONSTRAINT "review_follow_ups_completed_by_id_users_id_fk" FOREIGN KEY ("completed_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "review_follow_ups_review_idx" ON "review_follow_ups" USING btree ("review_id","created_at");--> statement-breakpoint
CREATE INDEX "review_follow_ups_owner_open_idx" ON "review_follow_ups" USING btree ("owner_id","due_on") WHERE "review_follow_ups"."status" = 'open';--> statement-breakpoint
-- A review belongs to an outage: a CHECK cannot read another table, so a trigger checks the ticket's kind
-- (check_violation, like a CHECK's refusal). Same SQL for PostgreSQL 15 and PGlite.
CREATE OR REPLACE FUNCTION post_incident_reviews_outage_only() RETURNS trigger AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM tickets WHERE id = NEW.ticket_id AND kind = 'outage') THEN
    -- A missing ticket is left to the foreign key, which names it.
    IF EXISTS (SELECT 1 FROM tickets WHERE id = NEW.ticket_id) THEN
      RAISE EXCEPTION 'post_incident_reviews: ticket % is not an outage', NEW.ticket_id
        USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER post_incident_reviews_outage_only
  BEFORE INSERT OR UPDATE OF ticket_id ON post_incident_reviews
  FOR EACH ROW EXECUTE FUNCTION post_incident_reviews_outage_only();

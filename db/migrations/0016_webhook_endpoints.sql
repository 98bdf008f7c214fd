CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"endpoint_id" uuid NOT NULL,
	"message_id" text NOT NULL,
	"event_type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"last_response_code" integer,
	"last_error" text,
	"attempt_log" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "webhook_deliveries_message_id_unique" UNIQUE("message_id"),
	CONSTRAINT "webhook_deliveries_status_valid" CHECK ("webhook_deliveries"."status" in ('pending', 'failed', 'delivered', 'dead')),
	CONSTRAINT "webhook_deliveries_event_type_valid" CHECK ("webhook_deliveries"."event_type" in ('ticket.created', 'ticket.status_changed', 'sla.warning', 'sla.breached', 'handoff.requested', 'handoff.accepted', 'handoff.declined', 'status_page.updated', 'security.notice_published', 'webhook.test')),
	CONSTRAINT "webhook_deliveries_message_id_format" CHECK ("webhook_deliveries"."message_id" ~ '^msg_[A-Za-z0-9]{16,64}$'),
	CONSTRAINT "webhook_deliveries_attempts_nonnegative" CHECK ("webhook_deliveries"."attempts" >= 0),
	CONSTRAINT "webhook_deliveries_delivered_at" CHECK (("webhook_deliveries"."status" = 'delivered') = ("webhook_deliveries"."delivered_at" is not null)),
	CONSTRAINT "webhook_deliveries_error_length" CHECK (char_length("webhook_deliveries"."last_error") <= 500),
	CONSTRAINT "webhook_deliveries_response_code" CHECK ("webhook_deliveries"."last_response_code" is null or "webhook_deliveries"."last_response_code" between 100 and 599)
);
--> statement-breakpoint
CREATE TABLE "webhook_endpoints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"url" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"event_types" text[] NOT NULL,
	"secret_ciphertext" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"disabled_reason" text,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "webhook_endpoints_url_format" CHECK ("webhook_endpoints"."url" ~ '^https?://[^\s]+$' and char_length("webhook_endpoints"."url") <= 2000),
	CONSTRAINT "webhook_endpoints_description_length" CHECK (char_length("webhook_endpoints"."description") <= 200),
	CONSTRAINT "webhook_endpoints_event_types_valid" CHECK (cardinality("webhook_endpoints"."event_types") > 0 and "webhook_endpoints"."event_types" <@ array['ticket.created', 'ticket.status_changed', 'sla.warning', 'sla.breached', 'handoff.requested', 'handoff.accepted', 'handoff.declined', 'status_page.updated', 'security.notice_published']::text[]),
	CONSTRAINT "webhook_endpoints_secret_format" CHECK ("webhook_endpoints"."secret_ciphertext" ~ '^v1\.[A-Za-z0-9_.-]+$'),
	CONSTRAINT "webhook_endpoints_disabled_reason" CHECK ("webhook_endpoints"."enabled" = ("webhook_endpoints"."disabled_reason" is null)),
	CONSTRAINT "webhook_endpoints_failures_nonnegative" CHECK ("webhook_endpoints"."consecutive_failures" >= 0)
);
--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_endpoint_id_webhook_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."webhook_endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("next_attempt_at") WHERE "webhook_deliveries"."status" in ('pending', 'failed');--> statement-breakpoint
CREATE INDEX "webhook_deliveries_endpoint_idx" ON "webhook_deliveries" USING btree ("endpoint_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "webhook_endpoints_org_idx" ON "webhook_endpoints" USING btree ("organisation_id") WHERE "webhook_endpoints"."enabled";--> statement-breakpoint
-- ==== Hand-written (issue #14, outbound webhooks): re-append after regenerating this migration ====
-- The enqueue of outbound webhooks, derived from the audit events. Every change of a ticket appends to
-- ticket_events in the change's own transaction (the engine, a creation, the SLA sweep, handoffs, status
-- updates, future ingestion), so one trigger here enqueues for all of them, in that transaction: a
-- rolled-back change enqueues nothing. It is a deferred constraint trigger, so it runs at COMMIT and reads
-- the ticket as the transaction leaves it (a creation inserts its services after its first events).
-- Need-to-know is decided here, once:
--   * a security incident's events never leave, except `notice.published` (the customer notice the SOC
--     chose to publish), and then only the notice's fields;
--   * an outage goes out with the fields its customer sees in the portal (number, kind, state, priority,
--     title, the organisation's own services) plus the change, never descriptions, causes, assignees or
--     internal OLAs (SLA events of the handoff and NOC-action OLAs are not sent);
--   * handoff events are the operator's internal workflow: only the operator organisation's endpoints
--     receive them (with the outage's public fields and which step happened, never the reason or the
--     security incident).
CREATE OR REPLACE FUNCTION webhook_enqueue_ticket_event() RETURNS trigger AS $$
DECLARE
  kind_of text;
  t record;
  target uuid;
  data jsonb;
  change jsonb;
BEGIN
  kind_of := CASE NEW.type
    WHEN 'ticket.created' THEN 'ticket.created'
    WHEN 'ticket.transitioned' THEN 'ticket.status_changed'
    WHEN 'sla.warning' THEN 'sla.warning'
    WHEN 'sla.breached' THEN 'sla.breached'
    WHEN 'handoff.requested' THEN 'handoff.requested'
    WHEN 'handoff.accepted' THEN 'handoff.accepted'
    WHEN 'handoff.declined' THEN 'handoff.declined'
    WHEN 'status.update_published' THEN 'status_page.updated'
    WHEN 'notice.published' THEN 'security.notice_published'
    ELSE NULL END;
  IF kind_of IS NULL THEN RETURN NULL; END IF;
  -- Most installations have no endpoint at all: one probe of the partial index, before any other read.
  IF NOT EXISTS (SELECT 1 FROM webhook_endpoints WHERE enabled) THEN RETURN NULL; END IF;
  IF kind_of IN ('sla.warning', 'sla.breached')
    AND coalesce(NEW.payload ->> 'metric', '') NOT IN ('response', 'resolution') THEN
    RETURN NULL;
  END IF;
  SELECT id, kind, number, organisation_id, status, priority, title, notice_title, notice_body,
         notice_published_at
    INTO t FROM tickets WHERE id = NEW.ticket_id;
  IF NOT FOUND THEN RETURN NULL; END IF;
  IF kind_of LIKE 'handoff.%' THEN
    SELECT id INTO target FROM organisations WHERE kind = 'operator';
  ELSE
    target := t.organisation_id;
  END IF;
  IF target IS NULL OR NOT EXISTS (
    SELECT 1 FROM webhook_endpoints e
    WHERE e.organisation_id = target AND e.enabled AND kind_of = ANY (e.event_types)
  ) THEN
    RETURN NULL;
  END IF;
  IF t.kind = 'security' THEN
    IF kind_of <> 'security.notice_published' THEN RETURN NULL; END IF;
    data := jsonb_build_object('notice', jsonb_build_object(
      'ticketNumber', 'SEC-' || t.number,
      'title', NEW.payload ->> 'title',
      'body', NEW.payload ->> 'body',
      'revision', NEW.payload -> 'revision',
      'publishedAt', to_char(NEW.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')));
  ELSE
    IF kind_of = 'security.notice_published' THEN RETURN NULL; END IF;
    change := CASE
      WHEN kind_of = 'ticket.status_changed' THEN
        jsonb_build_object('from', NEW.payload -> 'from', 'to', NEW.payload -> 'to')
      WHEN kind_of IN ('sla.warning', 'sla.breached') THEN
        jsonb_strip_nulls(jsonb_build_object('metric', NEW.payload -> 'metric',
          'threshold', NEW.payload -> 'threshold', 'dueAt', NEW.payload -> 'dueAt'))
      WHEN kind_of LIKE 'handoff.%' THEN jsonb_build_object('handoff', substr(kind_of, 9))
      WHEN kind_of = 'status_page.updated' THEN
        jsonb_build_object('update', jsonb_build_object('status', NEW.payload -> 'status',
          'title', NEW.payload -> 'title', 'body', NEW.payload -> 'body'))
      ELSE '{}'::jsonb END;
    data := jsonb_build_object(
      'ticket', jsonb_build_object(
        'id', t.id,
        'number', 'OUT-' || t.number,
        'kind', t.kind,
        'state', t.status,
        'priority', t.priority,
        'title', t.title,
        'services', (
          SELECT coalesce(jsonb_agg(jsonb_build_object('id', s.id, 'name', s.name) ORDER BY s.name), '[]'::jsonb)
          FROM ticket_services ts JOIN services s ON s.id = ts.service_id
          WHERE ts.ticket_id = t.id AND s.organisation_id = t.organisation_id)),
      'change', change);
  END IF;
  INSERT INTO webhook_deliveries (endpoint_id, message_id, event_type, payload, next_attempt_at, created_at)
  SELECT e.id, 'msg_' || replace(gen_random_uuid()::text, '-', ''), kind_of,
         jsonb_build_object(
           'type', kind_of,
           'timestamp', to_char(NEW.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'data', data),
         NEW.occurred_at, NEW.occurred_at
  FROM webhook_endpoints e
  WHERE e.organisation_id = target AND e.enabled AND kind_of = ANY (e.event_types);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER ticket_events_enqueue_webhooks
  AFTER INSERT ON ticket_events DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION webhook_enqueue_ticket_event();
--> statement-breakpoint
-- Handoff events are the operator's: a customer organisation's endpoint may not filter on them.
CREATE OR REPLACE FUNCTION webhook_endpoints_operator_only() RETURNS trigger AS $$
BEGIN
  IF NEW.event_types && array['handoff.requested', 'handoff.accepted', 'handoff.declined']::text[]
    AND NOT EXISTS (SELECT 1 FROM organisations WHERE id = NEW.organisation_id AND kind = 'operator') THEN
    RAISE EXCEPTION 'webhook_endpoints: handoff events are for the operator''s endpoints only'
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER webhook_endpoints_operator_only
  BEFORE INSERT OR UPDATE OF event_types, organisation_id ON webhook_endpoints
  FOR EACH ROW EXECUTE FUNCTION webhook_endpoints_operator_only();

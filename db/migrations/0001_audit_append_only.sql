-- The audit log is append-only: refuse UPDATE, DELETE and TRUNCATE at the database, not only in code.
-- Written in SQL that both PostgreSQL 15 and PGlite (PostgreSQL 18) accept.
CREATE OR REPLACE FUNCTION ticket_events_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'ticket_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER ticket_events_no_update_delete
  BEFORE UPDATE OR DELETE ON ticket_events
  FOR EACH ROW EXECUTE FUNCTION ticket_events_refuse_change();
--> statement-breakpoint
CREATE TRIGGER ticket_events_no_truncate
  BEFORE TRUNCATE ON ticket_events
  FOR EACH STATEMENT EXECUTE FUNCTION ticket_events_refuse_change();

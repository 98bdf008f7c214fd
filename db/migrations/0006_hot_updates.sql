-- Leave room on every page of the hottest rows so that updates which touch no indexed column stay on
-- the page as heap-only tuples (HOT) and write no index entries: the audit chain head that every event
-- moves on tickets (comments, SLA checks, restricted-read records), and the counters on sla_clocks.
-- Applies to pages written from now on; VACUUM FULL or a dump/restore repacks older ones.
ALTER TABLE "tickets" SET (fillfactor = 80);
--> statement-breakpoint
ALTER TABLE "sla_clocks" SET (fillfactor = 85);

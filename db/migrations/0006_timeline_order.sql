DROP INDEX "timeline_events_submission_idx";--> statement-breakpoint
DROP INDEX "timeline_events_case_idx";--> statement-breakpoint
ALTER TABLE "timeline_events" ADD COLUMN "seq" bigint NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "timeline_events_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
CREATE INDEX "timeline_events_submission_idx" ON "timeline_events" USING btree ("submission_id","created_at","seq");--> statement-breakpoint
CREATE INDEX "timeline_events_case_idx" ON "timeline_events" USING btree ("case_id","created_at","seq");
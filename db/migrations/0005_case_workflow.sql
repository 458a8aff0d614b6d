CREATE TYPE "public"."case_resolution" AS ENUM('on_the_spot', 'handled');--> statement-breakpoint
CREATE TYPE "public"."clock_kind" AS ENUM('first_contact', 'answer', 'findings');--> statement-breakpoint
CREATE TABLE "case_clocks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" "clock_kind" NOT NULL,
	"department_id" uuid,
	"started_at" timestamp with time zone NOT NULL,
	"duration_minutes" integer NOT NULL,
	"paused_minutes" integer DEFAULT 0 NOT NULL,
	"paused_at" timestamp with time zone,
	"stopped_at" timestamp with time zone,
	"due_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_clocks_case_kind_department_uq" UNIQUE NULLS NOT DISTINCT("case_id","kind","department_id")
);
--> statement-breakpoint
CREATE TABLE "case_departments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"involved_at" timestamp with time zone NOT NULL,
	"findings" text,
	"findings_recorded_at" timestamp with time zone,
	"findings_by_user_id" uuid
);
--> statement-breakpoint
ALTER TABLE "timeline_events" ADD COLUMN "data" jsonb;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "urgent" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "held_from" "case_status";--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "decline_reason" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "resolution" "case_resolution";--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "resolution_note" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "finding" text;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "valid" boolean;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "attributed_department_id" uuid;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "attributed_user_id" uuid;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "remedy" text;--> statement-breakpoint
ALTER TABLE "case_clocks" ADD CONSTRAINT "case_clocks_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_clocks" ADD CONSTRAINT "case_clocks_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_clocks" ADD CONSTRAINT "case_clocks_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_departments" ADD CONSTRAINT "case_departments_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_departments" ADD CONSTRAINT "case_departments_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_departments" ADD CONSTRAINT "case_departments_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_departments" ADD CONSTRAINT "case_departments_findings_by_user_id_users_id_fk" FOREIGN KEY ("findings_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_clocks_org_due_idx" ON "case_clocks" USING btree ("organization_id","due_at");--> statement-breakpoint
CREATE UNIQUE INDEX "case_departments_case_department_uq" ON "case_departments" USING btree ("case_id","department_id");--> statement-breakpoint
CREATE INDEX "case_departments_org_department_idx" ON "case_departments" USING btree ("organization_id","department_id");--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_attributed_department_id_departments_id_fk" FOREIGN KEY ("attributed_department_id") REFERENCES "public"."departments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_attributed_user_id_users_id_fk" FOREIGN KEY ("attributed_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
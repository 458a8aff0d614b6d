CREATE TYPE "public"."evaluation_status" AS ENUM('closed', 'reopened');--> statement-breakpoint
CREATE TYPE "public"."rollup_period" AS ENUM('month', 'day');--> statement-breakpoint
CREATE TABLE "board_rollups" (
	"organization_id" uuid NOT NULL,
	"period" "rollup_period" NOT NULL,
	"period_start" date NOT NULL,
	"department_key" uuid NOT NULL,
	"touchpoint_key" uuid NOT NULL,
	"responses" integer DEFAULT 0 NOT NULL,
	"rating_sum" integer DEFAULT 0 NOT NULL,
	"rating_count" integer DEFAULT 0 NOT NULL,
	"dimensions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"audiences" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"nps_promoters" integer DEFAULT 0 NOT NULL,
	"nps_detractors" integer DEFAULT 0 NOT NULL,
	"nps_count" integer DEFAULT 0 NOT NULL,
	"quick_ratings" integer DEFAULT 0 NOT NULL,
	"quick_rating_sum" integer DEFAULT 0 NOT NULL,
	"complaints" integer DEFAULT 0 NOT NULL,
	"valid_complaints" integer DEFAULT 0 NOT NULL,
	"praise" integer DEFAULT 0 NOT NULL,
	"answered_on_time" integer DEFAULT 0 NOT NULL,
	"answered_late" integer DEFAULT 0 NOT NULL,
	"first_contact_on_time" integer DEFAULT 0 NOT NULL,
	"first_contact_clocks" integer DEFAULT 0 NOT NULL,
	"cases_resolved" integer DEFAULT 0 NOT NULL,
	"cases_closed" integer DEFAULT 0 NOT NULL,
	"complainants_satisfied" integer DEFAULT 0 NOT NULL,
	"complainants_answered" integer DEFAULT 0 NOT NULL,
	"visits" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "board_rollups_organization_id_period_period_start_department_key_touchpoint_key_pk" PRIMARY KEY("organization_id","period","period_start","department_key","touchpoint_key")
);
--> statement-breakpoint
CREATE TABLE "board_rollups_dirty" (
	"organization_id" uuid NOT NULL,
	"month" date NOT NULL,
	"department_key" uuid NOT NULL,
	"touchpoint_key" uuid NOT NULL,
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "board_rollups_dirty_organization_id_month_department_key_touchpoint_key_pk" PRIMARY KEY("organization_id","month","department_key","touchpoint_key")
);
--> statement-breakpoint
CREATE TABLE "evaluation_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"month" date NOT NULL,
	"department_id" uuid NOT NULL,
	"author_user_id" uuid,
	"text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluation_snapshots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"month" date NOT NULL,
	"status" "evaluation_status" DEFAULT 'closed' NOT NULL,
	"weights" jsonb NOT NULL,
	"content" jsonb NOT NULL,
	"frozen_at" timestamp with time zone NOT NULL,
	"frozen_by_user_id" uuid,
	"reopened_at" timestamp with time zone,
	"reopened_by_user_id" uuid,
	"reopen_reason" text
);
--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "board_settings" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "board_rollups" ADD CONSTRAINT "board_rollups_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "board_rollups_dirty" ADD CONSTRAINT "board_rollups_dirty_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_comments" ADD CONSTRAINT "evaluation_comments_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_comments" ADD CONSTRAINT "evaluation_comments_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_comments" ADD CONSTRAINT "evaluation_comments_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_snapshots" ADD CONSTRAINT "evaluation_snapshots_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_snapshots" ADD CONSTRAINT "evaluation_snapshots_frozen_by_user_id_users_id_fk" FOREIGN KEY ("frozen_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_snapshots" ADD CONSTRAINT "evaluation_snapshots_reopened_by_user_id_users_id_fk" FOREIGN KEY ("reopened_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "board_rollups_org_department_idx" ON "board_rollups" USING btree ("organization_id","department_key","period","period_start");--> statement-breakpoint
CREATE INDEX "evaluation_comments_org_month_idx" ON "evaluation_comments" USING btree ("organization_id","month","department_id");--> statement-breakpoint
CREATE INDEX "evaluation_snapshots_org_month_idx" ON "evaluation_snapshots" USING btree ("organization_id","month","frozen_at");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluation_snapshots_org_month_closed_uq" ON "evaluation_snapshots" USING btree ("organization_id","month") WHERE "evaluation_snapshots"."status" = 'closed';
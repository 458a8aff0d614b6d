CREATE TYPE "public"."channel" AS ENUM('qr', 'web', 'sms', 'phone', 'walk_in', 'mailbox', 'hotline', 'email', 'letter');--> statement-breakpoint
CREATE TYPE "public"."submission_kind" AS ENUM('complaint', 'suggestion', 'praise', 'inquiry', 'rating');--> statement-breakpoint
CREATE TYPE "public"."case_status" AS ENUM('received', 'accepted', 'not_accepted', 'investigating', 'responded', 'closed', 'reopened', 'on_hold');--> statement-breakpoint
ALTER TYPE "public"."message_status" ADD VALUE 'suppressed';--> statement-breakpoint
CREATE TABLE "attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"submission_id" uuid NOT NULL,
	"timeline_event_id" uuid,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"byte_size" integer NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_number_counters" (
	"organization_id" uuid NOT NULL,
	"year_month" text NOT NULL,
	"last_sequence" integer NOT NULL,
	CONSTRAINT "case_number_counters_organization_id_year_month_pk" PRIMARY KEY("organization_id","year_month")
);
--> statement-breakpoint
CREATE TABLE "inbound_sms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"message_sid" text NOT NULL,
	"from_phone" text NOT NULL,
	"to_phone" text NOT NULL,
	"body" text NOT NULL,
	"outcome" text NOT NULL,
	"submission_id" uuid,
	"reply" text,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "inbound_sms_messageSid_unique" UNIQUE("message_sid")
);
--> statement-breakpoint
CREATE TABLE "sms_opt_outs" (
	"organization_id" uuid NOT NULL,
	"phone" text NOT NULL,
	"opted_out_at" timestamp with time zone NOT NULL,
	CONSTRAINT "sms_opt_outs_organization_id_phone_pk" PRIMARY KEY("organization_id","phone")
);
--> statement-breakpoint
CREATE TABLE "submissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"number" text,
	"kind" "submission_kind" NOT NULL,
	"channel" "channel" NOT NULL,
	"text" text DEFAULT '' NOT NULL,
	"category" text,
	"rating" smallint,
	"touchpoint_id" uuid,
	"department_id" uuid,
	"praised_staff_name" text,
	"praised_user_id" uuid,
	"contact_name" text,
	"contact_phone" text,
	"contact_email" text,
	"consent_to_contact" boolean DEFAULT false NOT NULL,
	"locale" "locale" NOT NULL,
	"entered_by_user_id" uuid,
	"received_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "timeline_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"submission_id" uuid NOT NULL,
	"case_id" uuid,
	"type" text NOT NULL,
	"visible_to_patient" boolean DEFAULT false NOT NULL,
	"actor_user_id" uuid,
	"body" text,
	"channel" "channel",
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tracking_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"submission_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tracking_links_tokenHash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"submission_id" uuid NOT NULL,
	"number" text NOT NULL,
	"status" "case_status" DEFAULT 'received' NOT NULL,
	"category" text,
	"first_responsible_department_id" uuid,
	"first_responsible_user_id" uuid,
	"owner_department_id" uuid,
	"owner_user_id" uuid,
	"answer_due_at" timestamp with time zone NOT NULL,
	"answer" text,
	"answered_at" timestamp with time zone,
	"opened_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cases_submissionId_unique" UNIQUE("submission_id")
);
--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "sms_number" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "intake_limit_per_hour" integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "sms_attach_window_days" integer DEFAULT 14 NOT NULL;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_timeline_event_id_timeline_events_id_fk" FOREIGN KEY ("timeline_event_id") REFERENCES "public"."timeline_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_number_counters" ADD CONSTRAINT "case_number_counters_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_sms" ADD CONSTRAINT "inbound_sms_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbound_sms" ADD CONSTRAINT "inbound_sms_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sms_opt_outs" ADD CONSTRAINT "sms_opt_outs_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_touchpoint_id_touchpoints_id_fk" FOREIGN KEY ("touchpoint_id") REFERENCES "public"."touchpoints"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_praised_user_id_users_id_fk" FOREIGN KEY ("praised_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_entered_by_user_id_users_id_fk" FOREIGN KEY ("entered_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline_events" ADD CONSTRAINT "timeline_events_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline_events" ADD CONSTRAINT "timeline_events_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timeline_events" ADD CONSTRAINT "timeline_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracking_links" ADD CONSTRAINT "tracking_links_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracking_links" ADD CONSTRAINT "tracking_links_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_first_responsible_department_id_departments_id_fk" FOREIGN KEY ("first_responsible_department_id") REFERENCES "public"."departments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_first_responsible_user_id_users_id_fk" FOREIGN KEY ("first_responsible_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_owner_department_id_departments_id_fk" FOREIGN KEY ("owner_department_id") REFERENCES "public"."departments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attachments_submission_idx" ON "attachments" USING btree ("submission_id");--> statement-breakpoint
CREATE INDEX "inbound_sms_org_from_idx" ON "inbound_sms" USING btree ("organization_id","from_phone");--> statement-breakpoint
CREATE UNIQUE INDEX "submissions_org_number_uq" ON "submissions" USING btree ("organization_id","number");--> statement-breakpoint
CREATE INDEX "submissions_org_received_idx" ON "submissions" USING btree ("organization_id","received_at");--> statement-breakpoint
CREATE INDEX "submissions_touchpoint_idx" ON "submissions" USING btree ("touchpoint_id","received_at") WHERE "submissions"."touchpoint_id" is not null;--> statement-breakpoint
CREATE INDEX "submissions_org_phone_idx" ON "submissions" USING btree ("organization_id","contact_phone","received_at") WHERE "submissions"."contact_phone" is not null;--> statement-breakpoint
CREATE INDEX "timeline_events_submission_idx" ON "timeline_events" USING btree ("submission_id","created_at");--> statement-breakpoint
CREATE INDEX "timeline_events_case_idx" ON "timeline_events" USING btree ("case_id","created_at");--> statement-breakpoint
CREATE INDEX "tracking_links_submission_idx" ON "tracking_links" USING btree ("submission_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_org_number_uq" ON "cases" USING btree ("organization_id","number");--> statement-breakpoint
CREATE INDEX "cases_org_status_idx" ON "cases" USING btree ("organization_id","status");--> statement-breakpoint
CREATE INDEX "cases_org_opened_idx" ON "cases" USING btree ("organization_id","opened_at");--> statement-breakpoint
CREATE INDEX "outbound_messages_provider_id_idx" ON "outbound_messages" USING btree ("provider_message_id");--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_smsNumber_unique" UNIQUE("sms_number");
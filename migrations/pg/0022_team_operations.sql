CREATE TABLE "agent_status" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"availability" text DEFAULT 'offline' NOT NULL,
	"max_open" integer,
	"last_seen_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agent_status_availability_check" CHECK ("agent_status"."availability" in ('online', 'away', 'offline')),
	CONSTRAINT "agent_status_max_open_check" CHECK ("agent_status"."max_open" is null or "agent_status"."max_open" between 0 and 1000)
);
--> statement-breakpoint
CREATE TABLE "business_hours" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"scope" text DEFAULT '*' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"schedule" jsonb NOT NULL,
	"away_message" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conversation_episodes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"phone_number_id" text,
	"team_id" uuid,
	"agent_id" uuid,
	"opened_at" timestamp with time zone NOT NULL,
	"handed_off_at" timestamp with time zone,
	"resolved_at" timestamp with time zone NOT NULL,
	"first_response_seconds" integer,
	"resolution_seconds" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "csat_responses" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"phone_number_id" text,
	"team_id" uuid,
	"agent_id" uuid,
	"rating" integer,
	"comment" text,
	"asked_at" timestamp with time zone NOT NULL,
	"rated_at" timestamp with time zone,
	"commented_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "csat_responses_rating_check" CHECK ("csat_responses"."rating" is null or "csat_responses"."rating" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "team_members" (
	"team_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"last_assigned_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "team_members_team_id_user_id_pk" PRIMARY KEY("team_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"name" text NOT NULL,
	"assignment" text DEFAULT 'round_robin' NOT NULL,
	"keywords" text[],
	"reassign_on_offline" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "teams_assignment_check" CHECK ("teams"."assignment" in ('manual', 'round_robin', 'least_busy')),
	CONSTRAINT "teams_name_check" CHECK (length("teams"."name") between 1 and 60)
);
--> statement-breakpoint
CREATE TABLE "whatsapp_numbers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"phone_number_id" text NOT NULL,
	"kind" text DEFAULT 'meta' NOT NULL,
	"display_name" text NOT NULL,
	"display_phone" text,
	"waba_id" text,
	"access_token_secret_id" uuid,
	"app_secret_secret_id" uuid,
	"flow_ids" text[],
	"default_team_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "whatsapp_numbers_kind_check" CHECK ("whatsapp_numbers"."kind" in ('meta', 'sandbox')),
	CONSTRAINT "whatsapp_numbers_display_name_check" CHECK (length("whatsapp_numbers"."display_name") between 1 and 80)
);
--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "team_id" uuid;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "queued_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "opened_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "handed_off_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "agent_status" ADD CONSTRAINT "agent_status_user_id_user_profiles_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_status" ADD CONSTRAINT "agent_status_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "business_hours" ADD CONSTRAINT "business_hours_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_episodes" ADD CONSTRAINT "conversation_episodes_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_episodes" ADD CONSTRAINT "conversation_episodes_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_episodes" ADD CONSTRAINT "conversation_episodes_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_episodes" ADD CONSTRAINT "conversation_episodes_agent_id_user_profiles_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."user_profiles"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "csat_responses" ADD CONSTRAINT "csat_responses_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "csat_responses" ADD CONSTRAINT "csat_responses_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "csat_responses" ADD CONSTRAINT "csat_responses_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "csat_responses" ADD CONSTRAINT "csat_responses_agent_id_user_profiles_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."user_profiles"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_user_id_user_profiles_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whatsapp_numbers" ADD CONSTRAINT "whatsapp_numbers_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whatsapp_numbers" ADD CONSTRAINT "whatsapp_numbers_access_token_secret_id_secrets_id_fk" FOREIGN KEY ("access_token_secret_id") REFERENCES "public"."secrets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whatsapp_numbers" ADD CONSTRAINT "whatsapp_numbers_app_secret_secret_id_secrets_id_fk" FOREIGN KEY ("app_secret_secret_id") REFERENCES "public"."secrets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "whatsapp_numbers" ADD CONSTRAINT "whatsapp_numbers_default_team_id_teams_id_fk" FOREIGN KEY ("default_team_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agent_status_client_idx" ON "agent_status" USING btree ("client_id","availability");--> statement-breakpoint
CREATE UNIQUE INDEX "business_hours_client_scope_key" ON "business_hours" USING btree ("client_id","scope");--> statement-breakpoint
CREATE INDEX "conversation_episodes_client_resolved_idx" ON "conversation_episodes" USING btree ("client_id","resolved_at");--> statement-breakpoint
CREATE INDEX "conversation_episodes_client_opened_idx" ON "conversation_episodes" USING btree ("client_id","opened_at");--> statement-breakpoint
CREATE INDEX "csat_responses_conversation_idx" ON "csat_responses" USING btree ("client_id","conversation_id","asked_at");--> statement-breakpoint
CREATE INDEX "csat_responses_client_rated_idx" ON "csat_responses" USING btree ("client_id","rated_at");--> statement-breakpoint
CREATE INDEX "team_members_client_user_idx" ON "team_members" USING btree ("client_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "teams_client_name_key" ON "teams" USING btree ("client_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "whatsapp_numbers_phone_number_id_key" ON "whatsapp_numbers" USING btree ("phone_number_id");--> statement-breakpoint
CREATE INDEX "whatsapp_numbers_client_idx" ON "whatsapp_numbers" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "conversations_client_team_status_idx" ON "conversations" USING btree ("client_id","team_id","status");--> statement-breakpoint
CREATE INDEX "conversations_client_assignee_status_idx" ON "conversations" USING btree ("client_id","assigned_to","status");--> statement-breakpoint
CREATE INDEX "conversations_client_opened_idx" ON "conversations" USING btree ("client_id","opened_at");--> statement-breakpoint
CREATE INDEX "messages_client_time_idx" ON "messages" USING btree ("client_id","timestamp");
--> statement-breakpoint
-- Hand-written: row-level security is forced on the owner too; the data steps below read and
-- rewrite every tenant's rows, so it is lifted around them (0008's note) and forced again after.
ALTER TABLE "clients" NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "conversations" NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- Hand-written: existing clients' numbers (the main Meta number and the sandbox number) become rows, in place.
INSERT INTO "whatsapp_numbers" ("id", "client_id", "phone_number_id", "kind", "display_name", "display_phone", "waba_id")
SELECT gen_random_uuid(), "id", "meta_phone_number_id", 'meta', left(coalesce("meta_verified_name", "meta_display_phone", 'WhatsApp'), 80), "meta_display_phone", "meta_waba_id"
FROM "clients" WHERE "meta_phone_number_id" IS NOT NULL
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "whatsapp_numbers" ("id", "client_id", "phone_number_id", "kind", "display_name", "display_phone")
SELECT gen_random_uuid(), "id", "sandbox_phone_number_id", 'sandbox', 'Sandbox', '15550100001'
FROM "clients" WHERE "sandbox_phone_number_id" IS NOT NULL
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Hand-written: conversations already waiting for a person wait since their last update.
UPDATE "conversations" SET "queued_at" = "last_update" WHERE "status" = 'transferido' AND "assigned_to" IS NULL;
--> statement-breakpoint
SELECT uzz_enable_tenant_rls('public.teams');
--> statement-breakpoint
SELECT uzz_enable_tenant_rls('public.team_members');
--> statement-breakpoint
SELECT uzz_enable_tenant_rls('public.agent_status');
--> statement-breakpoint
SELECT uzz_enable_tenant_rls('public.whatsapp_numbers');
--> statement-breakpoint
SELECT uzz_enable_touch_updated_at('public.teams');
--> statement-breakpoint
SELECT uzz_enable_touch_updated_at('public.agent_status');
--> statement-breakpoint
SELECT uzz_enable_touch_updated_at('public.whatsapp_numbers');
--> statement-breakpoint
SELECT uzz_enable_tenant_rls('public.business_hours');
--> statement-breakpoint
SELECT uzz_enable_touch_updated_at('public.business_hours');
--> statement-breakpoint
-- Hand-written: the current episode of every existing conversation began when it was created; people had it if they have it now.
UPDATE "conversations" SET "opened_at" = "created_at", "handed_off_at" = CASE WHEN "status" IN ('humano', 'transferido', 'snoozed') THEN "last_update" END;
--> statement-breakpoint
ALTER TABLE "clients" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "conversations" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
SELECT uzz_enable_tenant_rls('public.conversation_episodes');
--> statement-breakpoint
SELECT uzz_enable_tenant_rls('public.csat_responses');

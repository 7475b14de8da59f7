DROP INDEX "conversations_client_phone_key";--> statement-breakpoint
ALTER TABLE "business_hours" ADD COLUMN "away_flow_id" uuid;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "phone_number_id" text;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "number_key" text GENERATED ALWAYS AS (coalesce(phone_number_id, '')) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "away_flow_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "business_hours" ADD CONSTRAINT "business_hours_away_flow_id_interactive_flows_id_fk" FOREIGN KEY ("away_flow_id") REFERENCES "public"."interactive_flows"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "conversations_client_phone_number_key" ON "conversations" USING btree ("client_id","phone","number_key");
--> statement-breakpoint
-- Hand-written: a customer now has a conversation per business number. Conversations the business
-- started (campaigns, the API) had no number (null: the main number); they are put on the client's
-- main number in place, where the customer's replies (which carry its phone_number_id) find them.
-- Row-level security is forced on the owner too: lifted around the data step (0022's note).
ALTER TABLE "clients" NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "conversations" NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
UPDATE "conversations" SET "phone_number_id" = "clients"."meta_phone_number_id"
FROM "clients" WHERE "clients"."id" = "conversations"."client_id" AND "conversations"."phone_number_id" IS NULL AND "clients"."meta_phone_number_id" IS NOT NULL;
--> statement-breakpoint
ALTER TABLE "clients" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "conversations" FORCE ROW LEVEL SECURITY;

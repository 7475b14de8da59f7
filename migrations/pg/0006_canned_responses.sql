CREATE TABLE "canned_responses" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"shortcut" text NOT NULL,
	"content" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "canned_responses_shortcut_check" CHECK (length("canned_responses"."shortcut") between 1 and 40 and "canned_responses"."shortcut" = lower("canned_responses"."shortcut")),
	CONSTRAINT "canned_responses_content_check" CHECK (length("canned_responses"."content") between 1 and 4096)
);
--> statement-breakpoint
ALTER TABLE "canned_responses" ADD CONSTRAINT "canned_responses_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "canned_responses" ADD CONSTRAINT "canned_responses_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "canned_responses_client_shortcut_key" ON "canned_responses" USING btree ("client_id","shortcut");--> statement-breakpoint
SELECT uzz_enable_tenant_rls('public.canned_responses');
--> statement-breakpoint
SELECT uzz_enable_touch_updated_at('public.canned_responses');

CREATE TABLE "ai_http_tools" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"parameters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"method" text DEFAULT 'POST' NOT NULL,
	"url_template" text NOT NULL,
	"headers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"timeout_ms" integer DEFAULT 10000 NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ai_http_tools_method_check" CHECK ("ai_http_tools"."method" in ('GET', 'POST', 'PUT', 'PATCH', 'DELETE')),
	CONSTRAINT "ai_http_tools_timeout_check" CHECK ("ai_http_tools"."timeout_ms" >= 100 and "ai_http_tools"."timeout_ms" <= 60000)
);
--> statement-breakpoint
CREATE TABLE "bot_reply_pending" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ai_http_tools" ADD CONSTRAINT "ai_http_tools_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_reply_pending" ADD CONSTRAINT "bot_reply_pending_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_reply_pending" ADD CONSTRAINT "bot_reply_pending_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_reply_pending" ADD CONSTRAINT "bot_reply_pending_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ai_http_tools_client_name_key" ON "ai_http_tools" USING btree ("client_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "bot_reply_pending_message_key" ON "bot_reply_pending" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "bot_reply_pending_conversation_idx" ON "bot_reply_pending" USING btree ("conversation_id","due_at");--> statement-breakpoint
SELECT uzz_enable_tenant_rls('public.ai_http_tools');--> statement-breakpoint
SELECT uzz_enable_touch_updated_at('public.ai_http_tools');--> statement-breakpoint
SELECT uzz_enable_tenant_rls('public.bot_reply_pending');

ALTER TABLE "messages" ADD COLUMN "send_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "reply_key" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "answered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "webhook_inbox" ADD COLUMN "failures" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_inbox" ADD COLUMN "occurred_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "messages_outbox_head_idx" ON "messages" USING btree ("conversation_id","timestamp","id") WHERE "messages"."status" = 'queued' and "messages"."direction" = 'outgoing';--> statement-breakpoint
CREATE UNIQUE INDEX "messages_client_reply_key" ON "messages" USING btree ("client_id","reply_key");
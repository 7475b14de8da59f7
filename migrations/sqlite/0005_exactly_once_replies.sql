ALTER TABLE `messages` ADD `send_started_at` integer;--> statement-breakpoint
ALTER TABLE `messages` ADD `reply_key` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `answered_at` integer;--> statement-breakpoint
CREATE INDEX `messages_outbox_head_idx` ON `messages` (`conversation_id`,`timestamp`,`id`) WHERE "messages"."status" = 'queued' and "messages"."direction" = 'outgoing';--> statement-breakpoint
CREATE UNIQUE INDEX `messages_client_reply_key` ON `messages` (`client_id`,`reply_key`);--> statement-breakpoint
ALTER TABLE `webhook_inbox` ADD `failures` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `webhook_inbox` ADD `occurred_at` integer;
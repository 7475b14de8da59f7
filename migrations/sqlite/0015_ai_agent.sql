CREATE TABLE `ai_http_tools` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text NOT NULL,
	`parameters` text DEFAULT '{}' NOT NULL,
	`method` text DEFAULT 'POST' NOT NULL,
	`url_template` text NOT NULL,
	`headers` text DEFAULT '[]' NOT NULL,
	`timeout_ms` integer DEFAULT 10000 NOT NULL,
	`is_active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "ai_http_tools_method_check" CHECK("ai_http_tools"."method" in ('GET', 'POST', 'PUT', 'PATCH', 'DELETE')),
	CONSTRAINT "ai_http_tools_timeout_check" CHECK("ai_http_tools"."timeout_ms" >= 100 and "ai_http_tools"."timeout_ms" <= 60000)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ai_http_tools_client_name_key` ON `ai_http_tools` (`client_id`,`name`);--> statement-breakpoint
CREATE TABLE `bot_reply_pending` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`message_id` text NOT NULL,
	`due_at` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bot_reply_pending_message_key` ON `bot_reply_pending` (`message_id`);--> statement-breakpoint
CREATE INDEX `bot_reply_pending_conversation_idx` ON `bot_reply_pending` (`conversation_id`,`due_at`);--> statement-breakpoint
CREATE TRIGGER `ai_http_tools_touch_updated_at` AFTER UPDATE ON `ai_http_tools` FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at BEGIN UPDATE `ai_http_tools` SET updated_at = cast(unixepoch('subsec') * 1000 as integer) WHERE rowid = NEW.rowid; END;

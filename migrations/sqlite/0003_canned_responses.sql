CREATE TABLE `canned_responses` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`shortcut` text NOT NULL,
	`content` text NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "canned_responses_shortcut_check" CHECK(length("canned_responses"."shortcut") between 1 and 40 and "canned_responses"."shortcut" = lower("canned_responses"."shortcut")),
	CONSTRAINT "canned_responses_content_check" CHECK(length("canned_responses"."content") between 1 and 4096)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `canned_responses_client_shortcut_key` ON `canned_responses` (`client_id`,`shortcut`);--> statement-breakpoint
CREATE TRIGGER `canned_responses_touch_updated_at` AFTER UPDATE ON `canned_responses` FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at BEGIN UPDATE `canned_responses` SET updated_at = cast(unixepoch('subsec') * 1000 as integer) WHERE rowid = NEW.rowid; END;

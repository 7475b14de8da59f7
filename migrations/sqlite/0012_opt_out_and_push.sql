CREATE TABLE `notification_preferences` (
	`user_id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`on_assigned` integer DEFAULT true NOT NULL,
	`on_transfer` integer DEFAULT true NOT NULL,
	`on_message` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user_profiles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `clientes_whatsapp` ADD `opted_out_at` integer;--> statement-breakpoint
ALTER TABLE `clientes_whatsapp` ADD `opt_out_source` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `opt_out_settings` text;--> statement-breakpoint
CREATE TRIGGER `notification_preferences_touch_updated_at` AFTER UPDATE ON `notification_preferences` FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at BEGIN UPDATE `notification_preferences` SET updated_at = cast(unixepoch('subsec') * 1000 as integer) WHERE rowid = NEW.rowid; END;

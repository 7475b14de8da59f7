CREATE TABLE `sandbox_media` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`mime_type` text NOT NULL,
	`bytes` blob NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sandbox_media_client_idx` ON `sandbox_media` (`client_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `clientes_whatsapp` ADD `is_test` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `clients` ADD `sandbox_phone_number_id` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `sandbox_app_secret_secret_id` text REFERENCES secrets(id) ON DELETE SET NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `clients_sandbox_phone_number_id_key` ON `clients` (`sandbox_phone_number_id`);--> statement-breakpoint
ALTER TABLE `conversations` ADD `phone_number_id` text;
CREATE TABLE `api_idempotency_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`api_key_id` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`request_hash` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`response_status` integer,
	`response_body` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`api_key_id`) REFERENCES `api_keys`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "api_idempotency_keys_state_check" CHECK("api_idempotency_keys"."state" in ('pending', 'done'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_idempotency_keys_key` ON `api_idempotency_keys` (`api_key_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `api_idempotency_keys_created_idx` ON `api_idempotency_keys` (`created_at`);--> statement-breakpoint
CREATE TABLE `api_rate_windows` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`api_key_id` text NOT NULL,
	`window_start` integer NOT NULL,
	`requests` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`api_key_id`) REFERENCES `api_keys`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_rate_windows_key` ON `api_rate_windows` (`api_key_id`,`window_start`);--> statement-breakpoint
CREATE INDEX `api_rate_windows_start_idx` ON `api_rate_windows` (`window_start`);--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`endpoint_id` text NOT NULL,
	`event_id` text NOT NULL,
	`event_type` text NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_status_code` integer,
	`last_latency_ms` integer,
	`last_response_excerpt` text,
	`last_error` text,
	`delivered_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`endpoint_id`) REFERENCES `webhook_endpoints`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "webhook_deliveries_status_check" CHECK("webhook_deliveries"."status" in ('pending', 'delivered', 'failed')),
	CONSTRAINT "webhook_deliveries_attempts_check" CHECK("webhook_deliveries"."attempts" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_deliveries_event_key` ON `webhook_deliveries` (`endpoint_id`,`event_id`);--> statement-breakpoint
CREATE INDEX `webhook_deliveries_client_endpoint_idx` ON `webhook_deliveries` (`client_id`,`endpoint_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `webhook_endpoints` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`url` text NOT NULL,
	`description` text,
	`events` text NOT NULL,
	`secret_id` text NOT NULL,
	`previous_secret_id` text,
	`previous_secret_until` integer,
	`is_active` integer DEFAULT true NOT NULL,
	`disabled_at` integer,
	`disabled_reason` text,
	`failing_since` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`secret_id`) REFERENCES `secrets`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`previous_secret_id`) REFERENCES `secrets`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `webhook_endpoints_client_idx` ON `webhook_endpoints` (`client_id`);--> statement-breakpoint
ALTER TABLE `api_keys` ADD `scopes` text;--> statement-breakpoint
CREATE TRIGGER `webhook_endpoints_touch_updated_at` AFTER UPDATE ON `webhook_endpoints` FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at BEGIN UPDATE `webhook_endpoints` SET updated_at = cast(unixepoch('subsec') * 1000 as integer) WHERE rowid = NEW.rowid; END;
--> statement-breakpoint
CREATE TRIGGER `webhook_deliveries_touch_updated_at` AFTER UPDATE ON `webhook_deliveries` FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at BEGIN UPDATE `webhook_deliveries` SET updated_at = cast(unixepoch('subsec') * 1000 as integer) WHERE rowid = NEW.rowid; END;

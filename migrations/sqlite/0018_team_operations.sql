CREATE TABLE `agent_status` (
	`user_id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`availability` text DEFAULT 'offline' NOT NULL,
	`max_open` integer,
	`last_seen_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user_profiles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "agent_status_availability_check" CHECK("agent_status"."availability" in ('online', 'away', 'offline')),
	CONSTRAINT "agent_status_max_open_check" CHECK("agent_status"."max_open" is null or "agent_status"."max_open" between 0 and 1000)
);
--> statement-breakpoint
CREATE INDEX `agent_status_client_idx` ON `agent_status` (`client_id`,`availability`);--> statement-breakpoint
CREATE TABLE `business_hours` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`scope` text DEFAULT '*' NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`schedule` text NOT NULL,
	`away_message` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `business_hours_client_scope_key` ON `business_hours` (`client_id`,`scope`);--> statement-breakpoint
CREATE TABLE `conversation_episodes` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`phone_number_id` text,
	`team_id` text,
	`agent_id` text,
	`opened_at` integer NOT NULL,
	`handed_off_at` integer,
	`resolved_at` integer NOT NULL,
	`first_response_seconds` integer,
	`resolution_seconds` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`agent_id`) REFERENCES `user_profiles`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `conversation_episodes_client_resolved_idx` ON `conversation_episodes` (`client_id`,`resolved_at`);--> statement-breakpoint
CREATE INDEX `conversation_episodes_client_opened_idx` ON `conversation_episodes` (`client_id`,`opened_at`);--> statement-breakpoint
CREATE TABLE `csat_responses` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`phone_number_id` text,
	`team_id` text,
	`agent_id` text,
	`rating` integer,
	`comment` text,
	`asked_at` integer NOT NULL,
	`rated_at` integer,
	`commented_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`agent_id`) REFERENCES `user_profiles`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "csat_responses_rating_check" CHECK("csat_responses"."rating" is null or "csat_responses"."rating" between 1 and 5)
);
--> statement-breakpoint
CREATE INDEX `csat_responses_conversation_idx` ON `csat_responses` (`client_id`,`conversation_id`,`asked_at`);--> statement-breakpoint
CREATE INDEX `csat_responses_client_rated_idx` ON `csat_responses` (`client_id`,`rated_at`);--> statement-breakpoint
CREATE TABLE `team_members` (
	`team_id` text NOT NULL,
	`user_id` text NOT NULL,
	`client_id` text NOT NULL,
	`last_assigned_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`team_id`, `user_id`),
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `user_profiles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `team_members_client_user_idx` ON `team_members` (`client_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `teams` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`name` text NOT NULL,
	`assignment` text DEFAULT 'round_robin' NOT NULL,
	`keywords` text,
	`reassign_on_offline` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "teams_assignment_check" CHECK("teams"."assignment" in ('manual', 'round_robin', 'least_busy')),
	CONSTRAINT "teams_name_check" CHECK(length("teams"."name") between 1 and 60)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `teams_client_name_key` ON `teams` (`client_id`,`name`);--> statement-breakpoint
CREATE TABLE `whatsapp_numbers` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`phone_number_id` text NOT NULL,
	`kind` text DEFAULT 'meta' NOT NULL,
	`display_name` text NOT NULL,
	`display_phone` text,
	`waba_id` text,
	`access_token_secret_id` text,
	`app_secret_secret_id` text,
	`flow_ids` text,
	`default_team_id` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`access_token_secret_id`) REFERENCES `secrets`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`app_secret_secret_id`) REFERENCES `secrets`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`default_team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "whatsapp_numbers_kind_check" CHECK("whatsapp_numbers"."kind" in ('meta', 'sandbox')),
	CONSTRAINT "whatsapp_numbers_display_name_check" CHECK(length("whatsapp_numbers"."display_name") between 1 and 80)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `whatsapp_numbers_phone_number_id_key` ON `whatsapp_numbers` (`phone_number_id`);--> statement-breakpoint
CREATE INDEX `whatsapp_numbers_client_idx` ON `whatsapp_numbers` (`client_id`);--> statement-breakpoint
ALTER TABLE `conversations` ADD `team_id` text;--> statement-breakpoint
ALTER TABLE `conversations` ADD `queued_at` integer;--> statement-breakpoint
ALTER TABLE `conversations` ADD `opened_at` integer;--> statement-breakpoint
ALTER TABLE `conversations` ADD `handed_off_at` integer;--> statement-breakpoint
CREATE INDEX `conversations_client_team_status_idx` ON `conversations` (`client_id`,`team_id`,`status`);--> statement-breakpoint
CREATE INDEX `conversations_client_assignee_status_idx` ON `conversations` (`client_id`,`assigned_to`,`status`);--> statement-breakpoint
CREATE INDEX `conversations_client_opened_idx` ON `conversations` (`client_id`,`opened_at`);--> statement-breakpoint
CREATE INDEX `messages_client_time_idx` ON `messages` (`client_id`,`timestamp`);
--> statement-breakpoint
-- Hand-written: existing clients' numbers (the main Meta number and the sandbox number) become rows, in place.
INSERT OR IGNORE INTO `whatsapp_numbers` (`id`, `client_id`, `phone_number_id`, `kind`, `display_name`, `display_phone`, `waba_id`)
SELECT lower(substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-8' || substr(h, 18, 3) || '-' || substr(h, 21, 12)),
  `id`, `meta_phone_number_id`, 'meta', substr(coalesce(`meta_verified_name`, `meta_display_phone`, 'WhatsApp'), 1, 80), `meta_display_phone`, `meta_waba_id`
FROM (SELECT *, hex(randomblob(16)) AS h FROM `clients` WHERE `meta_phone_number_id` IS NOT NULL);
--> statement-breakpoint
INSERT OR IGNORE INTO `whatsapp_numbers` (`id`, `client_id`, `phone_number_id`, `kind`, `display_name`, `display_phone`)
SELECT lower(substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-8' || substr(h, 18, 3) || '-' || substr(h, 21, 12)),
  `id`, `sandbox_phone_number_id`, 'sandbox', 'Sandbox', '15550100001'
FROM (SELECT *, hex(randomblob(16)) AS h FROM `clients` WHERE `sandbox_phone_number_id` IS NOT NULL);
--> statement-breakpoint
-- Hand-written: conversations already waiting for a person wait since their last update.
UPDATE `conversations` SET `queued_at` = `last_update` WHERE `status` = 'transferido' AND `assigned_to` IS NULL;
--> statement-breakpoint
CREATE TRIGGER `teams_touch_updated_at` AFTER UPDATE ON `teams` FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at BEGIN UPDATE `teams` SET updated_at = cast(unixepoch('subsec') * 1000 as integer) WHERE rowid = NEW.rowid; END;
--> statement-breakpoint
CREATE TRIGGER `agent_status_touch_updated_at` AFTER UPDATE ON `agent_status` FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at BEGIN UPDATE `agent_status` SET updated_at = cast(unixepoch('subsec') * 1000 as integer) WHERE rowid = NEW.rowid; END;
--> statement-breakpoint
CREATE TRIGGER `whatsapp_numbers_touch_updated_at` AFTER UPDATE ON `whatsapp_numbers` FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at BEGIN UPDATE `whatsapp_numbers` SET updated_at = cast(unixepoch('subsec') * 1000 as integer) WHERE rowid = NEW.rowid; END;
--> statement-breakpoint
CREATE TRIGGER `business_hours_touch_updated_at` AFTER UPDATE ON `business_hours` FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at BEGIN UPDATE `business_hours` SET updated_at = cast(unixepoch('subsec') * 1000 as integer) WHERE rowid = NEW.rowid; END;
--> statement-breakpoint
-- Hand-written: the current episode of every existing conversation began when it was created; people had it if they have it now.
UPDATE `conversations` SET `opened_at` = `created_at`, `handed_off_at` = CASE WHEN `status` IN ('humano', 'transferido', 'snoozed') THEN `last_update` END;

PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_conversations` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`cliente_whatsapp_id` text,
	`phone` text NOT NULL,
	`name` text,
	`status` text DEFAULT 'bot' NOT NULL,
	`assigned_to` text,
	`last_message` text,
	`last_update` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`last_inbound_at` integer,
	`phone_number_id` text,
	`unread_count` integer DEFAULT 0 NOT NULL,
	`snoozed_until` integer,
	`priority` text DEFAULT 'normal' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`cliente_whatsapp_id`) REFERENCES `clientes_whatsapp`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "conversations_status_check" CHECK("__new_conversations"."status" in ('bot', 'humano', 'transferido', 'fluxo_inicial', 'resolved', 'snoozed')),
	CONSTRAINT "conversations_priority_check" CHECK("__new_conversations"."priority" in ('low', 'normal', 'high', 'urgent'))
);
--> statement-breakpoint
INSERT INTO `__new_conversations`("id", "client_id", "cliente_whatsapp_id", "phone", "name", "status", "assigned_to", "last_message", "last_update", "last_inbound_at", "phone_number_id", "unread_count", "created_at", "updated_at") SELECT "id", "client_id", "cliente_whatsapp_id", "phone", "name", "status", "assigned_to", "last_message", "last_update", "last_inbound_at", "phone_number_id", "unread_count", "created_at", "updated_at" FROM `conversations`;--> statement-breakpoint
DROP TABLE `conversations`;--> statement-breakpoint
ALTER TABLE `__new_conversations` RENAME TO `conversations`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `conversations_client_phone_key` ON `conversations` (`client_id`,`phone`);--> statement-breakpoint
CREATE INDEX `conversations_client_status_update_idx` ON `conversations` (`client_id`,`status`,`last_update`);--> statement-breakpoint
CREATE INDEX `conversations_client_update_idx` ON `conversations` (`client_id`,`last_update`);--> statement-breakpoint
-- Hand-written: dropping the old table dropped its trigger (0001_triggers.sql); the same one again.
CREATE TRIGGER `conversations_touch_updated_at` AFTER UPDATE ON `conversations` FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at BEGIN UPDATE `conversations` SET updated_at = cast(unixepoch('subsec') * 1000 as integer) WHERE rowid = NEW.rowid; END;

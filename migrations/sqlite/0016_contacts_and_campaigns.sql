CREATE TABLE `campaign_recipients` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`campaign_id` text NOT NULL,
	`contact_id` text,
	`phone` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`message_id` text,
	`conversation_id` text,
	`reason` text,
	`queued_at` integer,
	`reply_flow_started_at` integer,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`campaign_id`) REFERENCES `campaigns`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `clientes_whatsapp`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "campaign_recipients_status_check" CHECK("campaign_recipients"."status" in ('pending', 'queued', 'skipped'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `campaign_recipients_campaign_phone_key` ON `campaign_recipients` (`campaign_id`,`phone`);--> statement-breakpoint
CREATE INDEX `campaign_recipients_pending_idx` ON `campaign_recipients` (`campaign_id`,`status`);--> statement-breakpoint
CREATE INDEX `campaign_recipients_queued_idx` ON `campaign_recipients` (`client_id`,`queued_at`);--> statement-breakpoint
CREATE INDEX `campaign_recipients_conversation_idx` ON `campaign_recipients` (`client_id`,`conversation_id`);--> statement-breakpoint
CREATE TABLE `campaign_settings` (
	`client_id` text PRIMARY KEY NOT NULL,
	`prices` text DEFAULT '{}' NOT NULL,
	`tiers` text DEFAULT '{}' NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `campaigns` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`name` text NOT NULL,
	`template_id` text,
	`template_name` text NOT NULL,
	`language` text NOT NULL,
	`category` text NOT NULL,
	`variables` text DEFAULT '[]' NOT NULL,
	`audience` text DEFAULT '{}' NOT NULL,
	`reply_flow_id` text,
	`status` text DEFAULT 'scheduled' NOT NULL,
	`scheduled_at` integer,
	`estimated_cost` text DEFAULT '0' NOT NULL,
	`recipient_count` integer DEFAULT 0 NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`template_id`) REFERENCES `message_templates`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`reply_flow_id`) REFERENCES `interactive_flows`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "campaigns_status_check" CHECK("campaigns"."status" in ('scheduled', 'running', 'paused', 'cancelled', 'done'))
);
--> statement-breakpoint
CREATE INDEX `campaigns_client_idx` ON `campaigns` (`client_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `contact_attribute_values` (
	`client_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	PRIMARY KEY(`contact_id`, `key`),
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `clientes_whatsapp`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `contact_attribute_values_lookup_idx` ON `contact_attribute_values` (`client_id`,`key`,`value`);--> statement-breakpoint
CREATE TABLE `contact_attributes` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`key` text NOT NULL,
	`label` text NOT NULL,
	`type` text NOT NULL,
	`options` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "contact_attributes_type_check" CHECK("contact_attributes"."type" in ('text', 'number', 'date', 'list'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contact_attributes_client_key` ON `contact_attributes` (`client_id`,`key`);--> statement-breakpoint
CREATE TABLE `contact_imports` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`created_by` text,
	`file_name` text NOT NULL,
	`csv` text NOT NULL,
	`mapping` text NOT NULL,
	`label_ids` text DEFAULT '[]' NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`total_rows` integer DEFAULT 0 NOT NULL,
	`processed_rows` integer DEFAULT 0 NOT NULL,
	`created_count` integer DEFAULT 0 NOT NULL,
	`updated_count` integer DEFAULT 0 NOT NULL,
	`failed_count` integer DEFAULT 0 NOT NULL,
	`errors` text DEFAULT '[]' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "contact_imports_status_check" CHECK("contact_imports"."status" in ('queued', 'running', 'done', 'failed'))
);
--> statement-breakpoint
CREATE INDEX `contact_imports_client_idx` ON `contact_imports` (`client_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `contact_labels` (
	`client_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`label_id` text NOT NULL,
	PRIMARY KEY(`contact_id`, `label_id`),
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `clientes_whatsapp`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`label_id`) REFERENCES `labels`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `contact_labels_label_idx` ON `contact_labels` (`client_id`,`label_id`);--> statement-breakpoint
CREATE TABLE `contact_notes` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`conversation_id` text,
	`author_id` text,
	`body` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `clientes_whatsapp`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "contact_notes_body_check" CHECK(length("contact_notes"."body") between 1 and 4000)
);
--> statement-breakpoint
CREATE INDEX `contact_notes_contact_idx` ON `contact_notes` (`client_id`,`contact_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `contact_notes_conversation_idx` ON `contact_notes` (`client_id`,`conversation_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `conversation_labels` (
	`client_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`label_id` text NOT NULL,
	PRIMARY KEY(`conversation_id`, `label_id`),
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`label_id`) REFERENCES `labels`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `conversation_labels_label_idx` ON `conversation_labels` (`client_id`,`label_id`);--> statement-breakpoint
CREATE TABLE `labels` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`name` text NOT NULL,
	`color` text DEFAULT '#64748b' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "labels_name_check" CHECK(length("labels"."name") between 1 and 60)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `labels_client_name_key` ON `labels` (`client_id`,`name`);--> statement-breakpoint
ALTER TABLE `clientes_whatsapp` ADD `opted_in_at` integer;--> statement-breakpoint
ALTER TABLE `clientes_whatsapp` ADD `opt_in_source` text;--> statement-breakpoint
CREATE TRIGGER `contact_imports_touch_updated_at` AFTER UPDATE ON `contact_imports` FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at BEGIN UPDATE `contact_imports` SET updated_at = cast(unixepoch('subsec') * 1000 as integer) WHERE rowid = NEW.rowid; END;
--> statement-breakpoint
CREATE TRIGGER `campaign_settings_touch_updated_at` AFTER UPDATE ON `campaign_settings` FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at BEGIN UPDATE `campaign_settings` SET updated_at = cast(unixepoch('subsec') * 1000 as integer) WHERE rowid = NEW.rowid; END;
--> statement-breakpoint
CREATE TRIGGER `campaigns_touch_updated_at` AFTER UPDATE ON `campaigns` FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at BEGIN UPDATE `campaigns` SET updated_at = cast(unixepoch('subsec') * 1000 as integer) WHERE rowid = NEW.rowid; END;
--> statement-breakpoint
-- Contact search on SQLite (the pg_trgm indexes' counterpart): an FTS5 trigram index of the name
-- and number, reading the rows of clientes_whatsapp by rowid (nothing here runs VACUUM, which could
-- renumber them; after one, `INSERT INTO clientes_whatsapp_search(clientes_whatsapp_search) VALUES('rebuild')`).
CREATE VIRTUAL TABLE `clientes_whatsapp_search` USING fts5(nome, telefone, content='clientes_whatsapp', content_rowid='rowid', tokenize='trigram');--> statement-breakpoint
CREATE TRIGGER `clientes_whatsapp_search_index_insert` AFTER INSERT ON `clientes_whatsapp` BEGIN INSERT INTO `clientes_whatsapp_search`(rowid, nome, telefone) VALUES (NEW.rowid, NEW.nome, NEW.telefone); END;--> statement-breakpoint
CREATE TRIGGER `clientes_whatsapp_search_index_delete` AFTER DELETE ON `clientes_whatsapp` BEGIN INSERT INTO `clientes_whatsapp_search`(`clientes_whatsapp_search`, rowid, nome, telefone) VALUES ('delete', OLD.rowid, OLD.nome, OLD.telefone); END;--> statement-breakpoint
CREATE TRIGGER `clientes_whatsapp_search_index_update` AFTER UPDATE OF nome, telefone ON `clientes_whatsapp` BEGIN INSERT INTO `clientes_whatsapp_search`(`clientes_whatsapp_search`, rowid, nome, telefone) VALUES ('delete', OLD.rowid, OLD.nome, OLD.telefone); INSERT INTO `clientes_whatsapp_search`(rowid, nome, telefone) VALUES (NEW.rowid, NEW.nome, NEW.telefone); END;--> statement-breakpoint
INSERT INTO `clientes_whatsapp_search`(`clientes_whatsapp_search`) VALUES ('rebuild');

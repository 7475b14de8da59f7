CREATE TABLE `knowledge_uploads` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`job_id` text NOT NULL,
	`source_id` text NOT NULL,
	`file_name` text NOT NULL,
	`media_type` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`bytes` blob NOT NULL,
	`chunks_done` integer DEFAULT 0 NOT NULL,
	`chunks_total` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "knowledge_uploads_sizes_check" CHECK("knowledge_uploads"."size_bytes" >= 0 and "knowledge_uploads"."chunks_done" >= 0 and "knowledge_uploads"."chunks_total" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `knowledge_uploads_job_key` ON `knowledge_uploads` (`job_id`);--> statement-breakpoint
CREATE INDEX `knowledge_uploads_client_source_idx` ON `knowledge_uploads` (`client_id`,`source_id`);--> statement-breakpoint
CREATE TRIGGER `knowledge_uploads_touch_updated_at` AFTER UPDATE ON `knowledge_uploads` FOR EACH ROW WHEN NEW.updated_at = OLD.updated_at BEGIN UPDATE `knowledge_uploads` SET updated_at = cast(unixepoch('subsec') * 1000 as integer) WHERE rowid = NEW.rowid; END;

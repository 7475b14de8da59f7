CREATE TABLE `instance_setup` (
	`id` text PRIMARY KEY NOT NULL,
	`completed_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);

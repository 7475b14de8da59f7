ALTER TABLE `clients` ADD `meta_verified_name` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `meta_quality_rating` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `meta_verified_at` integer;
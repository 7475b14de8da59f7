ALTER TABLE `clients` ADD `meta_verified_name` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `meta_quality_rating` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `meta_verified_at` integer;--> statement-breakpoint
ALTER TABLE `clients` ADD `anthropic_api_key_secret_id` text REFERENCES secrets(id) ON DELETE SET NULL;--> statement-breakpoint
ALTER TABLE `clients` ADD `anthropic_model` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `custom_model_base_url` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `custom_model_api_key_secret_id` text REFERENCES secrets(id) ON DELETE SET NULL;--> statement-breakpoint
ALTER TABLE `clients` ADD `custom_model` text;
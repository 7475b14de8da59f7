ALTER TABLE `clients` ADD `anthropic_api_key_secret_id` text REFERENCES secrets(id);--> statement-breakpoint
ALTER TABLE `clients` ADD `anthropic_model` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `custom_model_base_url` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `custom_model_api_key_secret_id` text REFERENCES secrets(id);--> statement-breakpoint
ALTER TABLE `clients` ADD `custom_model` text;
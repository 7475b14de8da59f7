DROP INDEX `conversations_client_phone_key`;--> statement-breakpoint
ALTER TABLE `conversations` ADD `number_key` text GENERATED ALWAYS AS (coalesce(phone_number_id, '')) VIRTUAL NOT NULL;--> statement-breakpoint
ALTER TABLE `conversations` ADD `away_flow_started_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `conversations_client_phone_number_key` ON `conversations` (`client_id`,`phone`,`number_key`);--> statement-breakpoint
-- Hand-edited: drizzle-kit leaves out the foreign key's action when it adds the column (the schema says set null).
ALTER TABLE `business_hours` ADD `away_flow_id` text REFERENCES interactive_flows(id) ON DELETE SET NULL;--> statement-breakpoint
ALTER TABLE `campaigns` ADD `phone_number_id` text;
--> statement-breakpoint
-- Hand-written: a customer now has a conversation per business number. Conversations the business
-- started (campaigns, the API) had no number (null: the main number); they are put on the client's
-- main number in place, where the customer's replies (which carry its phone_number_id) find them.
UPDATE `conversations` SET `phone_number_id` = (SELECT `meta_phone_number_id` FROM `clients` WHERE `clients`.`id` = `conversations`.`client_id`)
WHERE `phone_number_id` IS NULL AND EXISTS (SELECT 1 FROM `clients` WHERE `clients`.`id` = `conversations`.`client_id` AND `meta_phone_number_id` IS NOT NULL);

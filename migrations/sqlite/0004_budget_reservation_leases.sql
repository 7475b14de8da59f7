CREATE TABLE `budget_reservations` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`client_budget_id` text NOT NULL,
	`owner` text NOT NULL,
	`tokens` integer DEFAULT 0 NOT NULL,
	`brl` text DEFAULT '0' NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`client_budget_id`) REFERENCES `client_budgets`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `budget_reservations_client_expires_idx` ON `budget_reservations` (`client_id`,`expires_at`);--> statement-breakpoint
CREATE INDEX `budget_reservations_owner_idx` ON `budget_reservations` (`owner`);
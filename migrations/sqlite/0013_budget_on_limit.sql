ALTER TABLE `client_budgets` ADD `on_limit` text DEFAULT 'pause' NOT NULL CONSTRAINT "client_budgets_on_limit_check" CHECK("client_budgets"."on_limit" in ('pause', 'alert'));--> statement-breakpoint
ALTER TABLE `client_budgets` ADD `alert_in_app` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `plan_budgets` ADD `on_limit` text DEFAULT 'pause' NOT NULL CONSTRAINT "plan_budgets_on_limit_check" CHECK("plan_budgets"."on_limit" in ('pause', 'alert'));

ALTER TABLE "client_budgets" ADD COLUMN "on_limit" text DEFAULT 'pause' NOT NULL;--> statement-breakpoint
ALTER TABLE "client_budgets" ADD COLUMN "alert_in_app" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "plan_budgets" ADD COLUMN "on_limit" text DEFAULT 'pause' NOT NULL;--> statement-breakpoint
ALTER TABLE "client_budgets" ADD CONSTRAINT "client_budgets_on_limit_check" CHECK ("client_budgets"."on_limit" in ('pause', 'alert'));--> statement-breakpoint
ALTER TABLE "plan_budgets" ADD CONSTRAINT "plan_budgets_on_limit_check" CHECK ("plan_budgets"."on_limit" in ('pause', 'alert'));
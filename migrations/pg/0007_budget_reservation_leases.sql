CREATE TABLE "budget_reservations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"client_budget_id" uuid NOT NULL,
	"owner" text NOT NULL,
	"tokens" bigint DEFAULT 0 NOT NULL,
	"brl" numeric(24, 10) DEFAULT '0' NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "budget_reservations" ADD CONSTRAINT "budget_reservations_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_reservations" ADD CONSTRAINT "budget_reservations_client_budget_id_client_budgets_id_fk" FOREIGN KEY ("client_budget_id") REFERENCES "public"."client_budgets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "budget_reservations_client_expires_idx" ON "budget_reservations" USING btree ("client_id","expires_at");--> statement-breakpoint
CREATE INDEX "budget_reservations_owner_idx" ON "budget_reservations" USING btree ("owner");--> statement-breakpoint
SELECT uzz_enable_tenant_rls('public.budget_reservations');

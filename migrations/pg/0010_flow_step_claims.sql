ALTER TABLE "flow_executions" ADD COLUMN "claimed_for" text;--> statement-breakpoint
ALTER TABLE "flow_executions" ADD COLUMN "claim_token" text;
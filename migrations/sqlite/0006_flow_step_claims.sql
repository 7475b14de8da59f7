ALTER TABLE `flow_executions` ADD `claimed_for` text;--> statement-breakpoint
ALTER TABLE `flow_executions` ADD `claim_token` text;
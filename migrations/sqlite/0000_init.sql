CREATE TABLE `ai_models_registry` (
	`id` text PRIMARY KEY NOT NULL,
	`provider` text NOT NULL,
	`model_name` text NOT NULL,
	`gateway_identifier` text NOT NULL,
	`capabilities` text DEFAULT '{}' NOT NULL,
	`context_window` integer,
	`max_output_tokens` integer,
	`input_price_per_million` text DEFAULT '0' NOT NULL,
	`output_price_per_million` text DEFAULT '0' NOT NULL,
	`cached_input_price_per_million` text,
	`is_active` integer DEFAULT true NOT NULL,
	`description` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ai_models_registry_gateway_identifier_key` ON `ai_models_registry` (`gateway_identifier`);--> statement-breakpoint
CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`name` text NOT NULL,
	`key_prefix` text NOT NULL,
	`key_hash` text NOT NULL,
	`created_by` text,
	`last_used_at` integer,
	`expires_at` integer,
	`revoked_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_key_hash_key` ON `api_keys` (`key_hash`);--> statement-breakpoint
CREATE INDEX `api_keys_client_idx` ON `api_keys` (`client_id`);--> statement-breakpoint
CREATE TABLE `audit_logs` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text,
	`user_email` text,
	`user_role` text,
	`client_id` text,
	`action` text NOT NULL,
	`resource_type` text,
	`resource_id` text,
	`endpoint` text,
	`method` text,
	`changes` text,
	`metadata` text,
	`status` text DEFAULT 'success' NOT NULL,
	`error_message` text,
	`duration_ms` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `audit_logs_client_created_idx` ON `audit_logs` (`client_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `audit_logs_user_idx` ON `audit_logs` (`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `bot_configurations` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`config_key` text NOT NULL,
	`config_value` text NOT NULL,
	`category` text,
	`description` text,
	`is_active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bot_configurations_client_key` ON `bot_configurations` (`client_id`,`config_key`);--> statement-breakpoint
CREATE TABLE `client_budgets` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`plan_budget_id` text,
	`budget_type` text DEFAULT 'brl' NOT NULL,
	`budget_limit` text DEFAULT '0' NOT NULL,
	`budget_period` text DEFAULT 'monthly' NOT NULL,
	`current_usage` text DEFAULT '0' NOT NULL,
	`usage_percentage` text DEFAULT '0' NOT NULL,
	`last_reset_at` integer,
	`next_reset_at` integer,
	`alert_threshold_80` integer DEFAULT true NOT NULL,
	`alert_threshold_90` integer DEFAULT true NOT NULL,
	`alert_threshold_100` integer DEFAULT true NOT NULL,
	`alerts_sent` text DEFAULT '{}' NOT NULL,
	`pause_at_limit` integer DEFAULT false NOT NULL,
	`is_paused` integer DEFAULT false NOT NULL,
	`notification_email` text,
	`inherits_from_plan` integer DEFAULT true NOT NULL,
	`budget_mode` text DEFAULT 'brl' NOT NULL,
	`token_limit` integer,
	`current_tokens` integer DEFAULT 0 NOT NULL,
	`reserved_tokens` integer DEFAULT 0 NOT NULL,
	`brl_limit` text,
	`current_brl` text DEFAULT '0' NOT NULL,
	`reserved_brl` text DEFAULT '0' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`plan_budget_id`) REFERENCES `plan_budgets`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "client_budgets_type_check" CHECK("client_budgets"."budget_type" in ('tokens', 'brl', 'both')),
	CONSTRAINT "client_budgets_period_check" CHECK("client_budgets"."budget_period" in ('daily', 'weekly', 'monthly'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `client_budgets_client_key` ON `client_budgets` (`client_id`);--> statement-breakpoint
CREATE TABLE `clientes_whatsapp` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`telefone` text NOT NULL,
	`nome` text,
	`status` text DEFAULT 'active' NOT NULL,
	`wa_id` text,
	`user_id` text,
	`metadata` text DEFAULT '{}' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `clientes_whatsapp_client_telefone_key` ON `clientes_whatsapp` (`client_id`,`telefone`);--> statement-breakpoint
CREATE TABLE `clients` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`slug` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`plan` text DEFAULT 'free' NOT NULL,
	`meta_access_token_secret_id` text,
	`meta_verify_token_secret_id` text,
	`meta_app_secret_secret_id` text,
	`meta_phone_number_id` text,
	`meta_display_phone` text,
	`meta_waba_id` text,
	`openai_api_key_secret_id` text,
	`openai_model` text,
	`groq_api_key_secret_id` text,
	`groq_model` text,
	`system_prompt` text,
	`formatter_prompt` text,
	`settings` text DEFAULT '{}' NOT NULL,
	`notification_email` text,
	`notification_webhook_url` text,
	`primary_model_provider` text,
	`timezone` text DEFAULT 'America/Sao_Paulo' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`created_by` text,
	FOREIGN KEY (`meta_access_token_secret_id`) REFERENCES `secrets`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`meta_verify_token_secret_id`) REFERENCES `secrets`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`meta_app_secret_secret_id`) REFERENCES `secrets`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`openai_api_key_secret_id`) REFERENCES `secrets`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`groq_api_key_secret_id`) REFERENCES `secrets`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "clients_status_check" CHECK("clients"."status" in ('active', 'suspended', 'inactive'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `clients_slug_key` ON `clients` (`slug`);--> statement-breakpoint
CREATE UNIQUE INDEX `clients_meta_phone_number_id_key` ON `clients` (`meta_phone_number_id`);--> statement-breakpoint
CREATE TABLE `conversations` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`cliente_whatsapp_id` text,
	`phone` text NOT NULL,
	`name` text,
	`status` text DEFAULT 'bot' NOT NULL,
	`assigned_to` text,
	`last_message` text,
	`last_update` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`last_inbound_at` integer,
	`unread_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`cliente_whatsapp_id`) REFERENCES `clientes_whatsapp`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "conversations_status_check" CHECK("conversations"."status" in ('bot', 'humano', 'transferido', 'fluxo_inicial'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `conversations_client_phone_key` ON `conversations` (`client_id`,`phone`);--> statement-breakpoint
CREATE INDEX `conversations_client_status_update_idx` ON `conversations` (`client_id`,`status`,`last_update`);--> statement-breakpoint
CREATE INDEX `conversations_client_update_idx` ON `conversations` (`client_id`,`last_update`);--> statement-breakpoint
CREATE TABLE `documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`content` text NOT NULL,
	`metadata` text DEFAULT '{}' NOT NULL,
	`embedding` blob,
	`client_id` text NOT NULL,
	`source_id` text,
	`embedding_model` text,
	`embedding_dimensions` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `documents_client_source_idx` ON `documents` (`client_id`,`source_id`);--> statement-breakpoint
CREATE TABLE `execution_logs` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`execution_id` text NOT NULL,
	`node_name` text NOT NULL,
	`status` text NOT NULL,
	`conversation_id` text,
	`phone` text,
	`input_data` text,
	`output_data` text,
	`error_details` text,
	`duration_ms` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `execution_logs_execution_idx` ON `execution_logs` (`client_id`,`execution_id`);--> statement-breakpoint
CREATE INDEX `execution_logs_client_created_idx` ON `execution_logs` (`client_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `flow_executions` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`flow_id` text NOT NULL,
	`flow_version_id` text,
	`conversation_id` text,
	`current_block_id` text,
	`variables` text DEFAULT '{}' NOT NULL,
	`status` text DEFAULT 'running' NOT NULL,
	`retry_count` integer DEFAULT 0 NOT NULL,
	`visited_blocks` text DEFAULT '[]' NOT NULL,
	`resume_at` integer,
	`expires_at` integer,
	`last_activity_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`started_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`completed_at` integer,
	`error_details` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`flow_id`) REFERENCES `interactive_flows`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`flow_version_id`) REFERENCES `flow_versions`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "flow_executions_status_check" CHECK("flow_executions"."status" in ('running', 'waiting_input', 'waiting_delay', 'completed', 'handed_off', 'expired', 'failed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `flow_executions_one_active_key` ON `flow_executions` (`conversation_id`) WHERE "flow_executions"."status" in ('running', 'waiting_input', 'waiting_delay');--> statement-breakpoint
CREATE INDEX `flow_executions_flow_idx` ON `flow_executions` (`flow_id`,`status`);--> statement-breakpoint
CREATE INDEX `flow_executions_due_idx` ON `flow_executions` (`status`,`resume_at`);--> statement-breakpoint
CREATE TABLE `flow_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`flow_id` text NOT NULL,
	`version` integer NOT NULL,
	`name` text NOT NULL,
	`document` text NOT NULL,
	`schema_version` integer DEFAULT 1 NOT NULL,
	`published_by` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`flow_id`) REFERENCES `interactive_flows`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`published_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `flow_versions_flow_version_key` ON `flow_versions` (`flow_id`,`version`);--> statement-breakpoint
CREATE TABLE `gateway_cache_performance` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`cache_key` text NOT NULL,
	`model_name` text,
	`response` text,
	`expires_at` integer,
	`hit_count` integer DEFAULT 0 NOT NULL,
	`miss_count` integer DEFAULT 0 NOT NULL,
	`tokens_saved` integer DEFAULT 0 NOT NULL,
	`cost_saved_usd` text DEFAULT '0' NOT NULL,
	`last_hit_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `gateway_cache_performance_client_key` ON `gateway_cache_performance` (`client_id`,`cache_key`);--> statement-breakpoint
CREATE TABLE `gateway_usage_logs` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`conversation_id` text,
	`phone` text,
	`request_id` text NOT NULL,
	`model_registry_id` text,
	`client_budget_id` text,
	`provider` text NOT NULL,
	`model_name` text NOT NULL,
	`input_tokens` integer DEFAULT 0 NOT NULL,
	`output_tokens` integer DEFAULT 0 NOT NULL,
	`cached_tokens` integer DEFAULT 0 NOT NULL,
	`total_tokens` integer DEFAULT 0 NOT NULL,
	`latency_ms` integer,
	`was_cached` integer DEFAULT false NOT NULL,
	`was_fallback` integer DEFAULT false NOT NULL,
	`cost_usd` text DEFAULT '0' NOT NULL,
	`cost_brl` text DEFAULT '0' NOT NULL,
	`metadata` text DEFAULT '{}' NOT NULL,
	`error_details` text,
	`api_type` text DEFAULT 'chat' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`model_registry_id`) REFERENCES `ai_models_registry`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`client_budget_id`) REFERENCES `client_budgets`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "gateway_usage_logs_api_type_check" CHECK("gateway_usage_logs"."api_type" in ('chat', 'embeddings', 'transcription', 'tts'))
);
--> statement-breakpoint
CREATE INDEX `gateway_usage_logs_client_created_idx` ON `gateway_usage_logs` (`client_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `gateway_usage_logs_conversation_idx` ON `gateway_usage_logs` (`conversation_id`);--> statement-breakpoint
CREATE INDEX `gateway_usage_logs_request_idx` ON `gateway_usage_logs` (`request_id`);--> statement-breakpoint
CREATE TABLE `interactive_flows` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`is_active` integer DEFAULT false NOT NULL,
	`trigger_type` text DEFAULT 'keyword' NOT NULL,
	`trigger_keywords` text DEFAULT '[]' NOT NULL,
	`trigger_qr_code` text,
	`blocks` text DEFAULT '[]' NOT NULL,
	`edges` text DEFAULT '[]' NOT NULL,
	`start_block_id` text,
	`schema_version` integer DEFAULT 1 NOT NULL,
	`draft_revision` integer DEFAULT 1 NOT NULL,
	`published_version_id` text,
	`settings` text DEFAULT '{}' NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `interactive_flows_client_idx` ON `interactive_flows` (`client_id`,`is_active`);--> statement-breakpoint
CREATE UNIQUE INDEX `interactive_flows_client_qr_key` ON `interactive_flows` (`client_id`,`trigger_qr_code`);--> statement-breakpoint
CREATE TABLE `message_templates` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`name` text NOT NULL,
	`language` text DEFAULT 'pt_BR' NOT NULL,
	`category` text DEFAULT 'UTILITY' NOT NULL,
	`status` text DEFAULT 'PENDING' NOT NULL,
	`components` text DEFAULT '[]' NOT NULL,
	`meta_template_id` text,
	`rejected_reason` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `message_templates_client_name_lang_key` ON `message_templates` (`client_id`,`name`,`language`);--> statement-breakpoint
CREATE TABLE `messages` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`phone` text NOT NULL,
	`name` text,
	`content` text,
	`type` text DEFAULT 'text' NOT NULL,
	`direction` text NOT NULL,
	`status` text NOT NULL,
	`timestamp` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`metadata` text DEFAULT '{}' NOT NULL,
	`wamid` text,
	`media_id` text,
	`media_url` text,
	`media_type` text,
	`transcription` text,
	`audio_duration_seconds` integer,
	`error_details` text,
	`sent_by` text,
	`send_attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "messages_type_check" CHECK("messages"."type" in ('text', 'image', 'audio', 'video', 'document', 'sticker', 'location', 'contacts', 'reaction', 'interactive', 'button', 'order', 'system', 'template', 'unsupported')),
	CONSTRAINT "messages_direction_check" CHECK("messages"."direction" in ('incoming', 'outgoing')),
	CONSTRAINT "messages_status_check" CHECK("messages"."status" in ('queued', 'sent', 'delivered', 'read', 'played', 'failed', 'received'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `messages_client_wamid_key` ON `messages` (`client_id`,`wamid`);--> statement-breakpoint
CREATE INDEX `messages_conversation_time_idx` ON `messages` (`conversation_id`,`timestamp`);--> statement-breakpoint
CREATE INDEX `messages_outbox_idx` ON `messages` (`status`,`next_attempt_at`) WHERE "messages"."status" = 'queued';--> statement-breakpoint
CREATE TABLE `n8n_chat_histories` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text NOT NULL,
	`message` text NOT NULL,
	`client_id` text NOT NULL,
	`conversation_id` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `n8n_chat_histories_session_idx` ON `n8n_chat_histories` (`client_id`,`session_id`,`id`);--> statement-breakpoint
CREATE TABLE `plan_budgets` (
	`id` text PRIMARY KEY NOT NULL,
	`plan_name` text NOT NULL,
	`description` text,
	`budget_type` text DEFAULT 'brl' NOT NULL,
	`budget_period` text DEFAULT 'monthly' NOT NULL,
	`budget_limit` text DEFAULT '0' NOT NULL,
	`token_limit` integer,
	`brl_limit` text,
	`alert_threshold_80` integer DEFAULT true NOT NULL,
	`alert_threshold_90` integer DEFAULT true NOT NULL,
	`alert_threshold_100` integer DEFAULT true NOT NULL,
	`pause_at_limit` integer DEFAULT false NOT NULL,
	`is_active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	CONSTRAINT "plan_budgets_type_check" CHECK("plan_budgets"."budget_type" in ('tokens', 'brl', 'both')),
	CONSTRAINT "plan_budgets_period_check" CHECK("plan_budgets"."budget_period" in ('daily', 'weekly', 'monthly'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `plan_budgets_plan_name_key` ON `plan_budgets` (`plan_name`);--> statement-breakpoint
CREATE TABLE `pricing_config` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`model_registry_id` text,
	`provider` text NOT NULL,
	`model` text NOT NULL,
	`prompt_price` text NOT NULL,
	`completion_price` text NOT NULL,
	`cached_prompt_price` text,
	`unit` text DEFAULT 'per_million_tokens' NOT NULL,
	`is_active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`model_registry_id`) REFERENCES `ai_models_registry`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pricing_config_client_model_key` ON `pricing_config` (`client_id`,`provider`,`model`);--> statement-breakpoint
CREATE TABLE `push_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`user_id` text NOT NULL,
	`token` text NOT NULL,
	`platform` text NOT NULL,
	`device_name` text,
	`last_used_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `user_profiles`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "push_tokens_platform_check" CHECK("push_tokens"."platform" in ('desktop', 'web', 'ios', 'android'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `push_tokens_user_token_key` ON `push_tokens` (`user_id`,`token`);--> statement-breakpoint
CREATE TABLE `secrets` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text,
	`name` text NOT NULL,
	`ciphertext` text NOT NULL,
	`iv` text NOT NULL,
	`auth_tag` text NOT NULL,
	`key_id` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `secrets_client_idx` ON `secrets` (`client_id`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`expires_at` integer NOT NULL,
	`last_seen_at` integer,
	`user_agent` text,
	`ip` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_token_hash_key` ON `sessions` (`token_hash`);--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `shared_gateway_config` (
	`id` text PRIMARY KEY NOT NULL,
	`gateway_api_key_secret_id` text,
	`openai_api_key_secret_id` text,
	`groq_api_key_secret_id` text,
	`anthropic_api_key_secret_id` text,
	`default_model` text,
	`fallback_chain` text DEFAULT '[]' NOT NULL,
	`usd_to_brl_rate` text DEFAULT '5.0' NOT NULL,
	`cache_enabled` integer DEFAULT true NOT NULL,
	`cache_ttl_seconds` integer DEFAULT 3600 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`gateway_api_key_secret_id`) REFERENCES `secrets`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`openai_api_key_secret_id`) REFERENCES `secrets`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`groq_api_key_secret_id`) REFERENCES `secrets`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`anthropic_api_key_secret_id`) REFERENCES `secrets`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `tts_cache` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`text_hash` text NOT NULL,
	`text` text NOT NULL,
	`voice` text NOT NULL,
	`provider` text NOT NULL,
	`model` text NOT NULL,
	`audio_url` text NOT NULL,
	`audio_format` text DEFAULT 'ogg' NOT NULL,
	`duration_seconds` integer,
	`size_bytes` integer,
	`hit_count` integer DEFAULT 0 NOT NULL,
	`last_used_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tts_cache_client_hash_key` ON `tts_cache` (`client_id`,`text_hash`);--> statement-breakpoint
CREATE TABLE `tts_usage_logs` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`conversation_id` text,
	`message_id` text,
	`provider` text NOT NULL,
	`model` text,
	`voice` text,
	`characters` integer DEFAULT 0 NOT NULL,
	`duration_seconds` integer,
	`cost_usd` text DEFAULT '0' NOT NULL,
	`cost_brl` text DEFAULT '0' NOT NULL,
	`from_cache` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `tts_usage_logs_client_created_idx` ON `tts_usage_logs` (`client_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `usage_logs` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`conversation_id` text,
	`phone` text,
	`source` text NOT NULL,
	`model` text,
	`prompt_tokens` integer DEFAULT 0 NOT NULL,
	`completion_tokens` integer DEFAULT 0 NOT NULL,
	`tokens_used` integer DEFAULT 0 NOT NULL,
	`cost_usd` text DEFAULT '0' NOT NULL,
	`cost_brl` text DEFAULT '0' NOT NULL,
	`metadata` text DEFAULT '{}' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `usage_logs_client_created_idx` ON `usage_logs` (`client_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `user_invites` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`email` text NOT NULL,
	`role` text DEFAULT 'agent' NOT NULL,
	`token` text NOT NULL,
	`invited_by` text,
	`expires_at` integer NOT NULL,
	`accepted_at` integer,
	`accepted_by` text,
	`revoked_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`invited_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`accepted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "user_invites_role_check" CHECK("user_invites"."role" in ('owner', 'admin', 'agent', 'viewer'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `user_invites_token_key` ON `user_invites` (`token`);--> statement-breakpoint
CREATE UNIQUE INDEX `user_invites_pending_email_key` ON `user_invites` (`client_id`,`email`) WHERE "user_invites"."accepted_at" is null and "user_invites"."revoked_at" is null;--> statement-breakpoint
CREATE TABLE `user_profiles` (
	`id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`email` text NOT NULL,
	`full_name` text,
	`role` text DEFAULT 'agent' NOT NULL,
	`is_active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "user_profiles_role_check" CHECK("user_profiles"."role" in ('owner', 'admin', 'agent', 'viewer'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `user_profiles_email_key` ON `user_profiles` (`email`);--> statement-breakpoint
CREATE INDEX `user_profiles_client_idx` ON `user_profiles` (`client_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`password_hash` text,
	`is_platform_admin` integer DEFAULT false NOT NULL,
	`failed_login_count` integer DEFAULT 0 NOT NULL,
	`locked_until` integer,
	`last_login_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_key` ON `users` (`email`);--> statement-breakpoint
CREATE TABLE `webhook_inbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`client_id` text NOT NULL,
	`kind` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`conversation_key` text NOT NULL,
	`payload` text NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`locked_by` text,
	`locked_until` integer,
	`last_error` text,
	`received_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`processed_at` integer,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "webhook_inbox_kind_check" CHECK("webhook_inbox"."kind" in ('message', 'status', 'error')),
	CONSTRAINT "webhook_inbox_state_check" CHECK("webhook_inbox"."state" in ('pending', 'done', 'failed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `webhook_inbox_client_dedupe_key` ON `webhook_inbox` (`client_id`,`dedupe_key`);--> statement-breakpoint
CREATE INDEX `webhook_inbox_pending_idx` ON `webhook_inbox` (`state`,`id`) WHERE "webhook_inbox"."state" = 'pending';--> statement-breakpoint
CREATE INDEX `webhook_inbox_conversation_idx` ON `webhook_inbox` (`client_id`,`conversation_key`,`id`);
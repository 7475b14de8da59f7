CREATE EXTENSION IF NOT EXISTS vector;
--> statement-breakpoint
CREATE TABLE "ai_models_registry" (
	"id" uuid PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"model_name" text NOT NULL,
	"gateway_identifier" text NOT NULL,
	"capabilities" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"context_window" integer,
	"max_output_tokens" integer,
	"input_price_per_million" numeric(24, 10) DEFAULT '0' NOT NULL,
	"output_price_per_million" numeric(24, 10) DEFAULT '0' NOT NULL,
	"cached_input_price_per_million" numeric(24, 10),
	"is_active" boolean DEFAULT true NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"name" text NOT NULL,
	"key_prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"created_by" uuid,
	"last_used_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_logs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid,
	"user_email" text,
	"user_role" text,
	"client_id" uuid,
	"action" text NOT NULL,
	"resource_type" text,
	"resource_id" text,
	"endpoint" text,
	"method" text,
	"changes" jsonb,
	"metadata" jsonb,
	"status" text DEFAULT 'success' NOT NULL,
	"error_message" text,
	"duration_ms" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bot_configurations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"config_key" text NOT NULL,
	"config_value" jsonb NOT NULL,
	"category" text,
	"description" text,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "client_budgets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"plan_budget_id" uuid,
	"budget_type" text DEFAULT 'brl' NOT NULL,
	"budget_limit" numeric(24, 10) DEFAULT '0' NOT NULL,
	"budget_period" text DEFAULT 'monthly' NOT NULL,
	"current_usage" numeric(24, 10) DEFAULT '0' NOT NULL,
	"usage_percentage" numeric(24, 10) DEFAULT '0' NOT NULL,
	"last_reset_at" timestamp with time zone,
	"next_reset_at" timestamp with time zone,
	"alert_threshold_80" boolean DEFAULT true NOT NULL,
	"alert_threshold_90" boolean DEFAULT true NOT NULL,
	"alert_threshold_100" boolean DEFAULT true NOT NULL,
	"alerts_sent" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"pause_at_limit" boolean DEFAULT false NOT NULL,
	"is_paused" boolean DEFAULT false NOT NULL,
	"notification_email" text,
	"inherits_from_plan" boolean DEFAULT true NOT NULL,
	"budget_mode" text DEFAULT 'brl' NOT NULL,
	"token_limit" bigint,
	"current_tokens" bigint DEFAULT 0 NOT NULL,
	"reserved_tokens" bigint DEFAULT 0 NOT NULL,
	"brl_limit" numeric(24, 10),
	"current_brl" numeric(24, 10) DEFAULT '0' NOT NULL,
	"reserved_brl" numeric(24, 10) DEFAULT '0' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "client_budgets_type_check" CHECK ("client_budgets"."budget_type" in ('tokens', 'brl', 'both')),
	CONSTRAINT "client_budgets_period_check" CHECK ("client_budgets"."budget_period" in ('daily', 'weekly', 'monthly'))
);
--> statement-breakpoint
CREATE TABLE "clientes_whatsapp" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"telefone" text NOT NULL,
	"nome" text,
	"status" text DEFAULT 'active' NOT NULL,
	"wa_id" text,
	"user_id" text,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "clients" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"plan" text DEFAULT 'free' NOT NULL,
	"meta_access_token_secret_id" uuid,
	"meta_verify_token_secret_id" uuid,
	"meta_app_secret_secret_id" uuid,
	"meta_phone_number_id" text,
	"meta_display_phone" text,
	"meta_waba_id" text,
	"openai_api_key_secret_id" uuid,
	"openai_model" text,
	"groq_api_key_secret_id" uuid,
	"groq_model" text,
	"system_prompt" text,
	"formatter_prompt" text,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"notification_email" text,
	"notification_webhook_url" text,
	"primary_model_provider" text,
	"timezone" text DEFAULT 'America/Sao_Paulo' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "clients_status_check" CHECK ("clients"."status" in ('active', 'suspended', 'inactive'))
);
--> statement-breakpoint
CREATE TABLE "conversations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"cliente_whatsapp_id" uuid,
	"phone" text NOT NULL,
	"name" text,
	"status" text DEFAULT 'bot' NOT NULL,
	"assigned_to" text,
	"last_message" text,
	"last_update" timestamp with time zone DEFAULT now() NOT NULL,
	"last_inbound_at" timestamp with time zone,
	"unread_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversations_status_check" CHECK ("conversations"."status" in ('bot', 'humano', 'transferido', 'fluxo_inicial'))
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"content" text NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"embedding" vector,
	"client_id" uuid NOT NULL,
	"source_id" text,
	"embedding_model" text,
	"embedding_dimensions" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "execution_logs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"execution_id" text NOT NULL,
	"node_name" text NOT NULL,
	"status" text NOT NULL,
	"conversation_id" uuid,
	"phone" text,
	"input_data" jsonb,
	"output_data" jsonb,
	"error_details" jsonb,
	"duration_ms" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "flow_executions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"flow_id" uuid NOT NULL,
	"flow_version_id" uuid,
	"conversation_id" uuid,
	"current_block_id" text,
	"variables" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"retry_count" integer DEFAULT 0 NOT NULL,
	"visited_blocks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"resume_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"last_activity_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"error_details" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "flow_executions_status_check" CHECK ("flow_executions"."status" in ('running', 'waiting_input', 'waiting_delay', 'completed', 'handed_off', 'expired', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "flow_versions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"flow_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"document" jsonb NOT NULL,
	"schema_version" integer DEFAULT 1 NOT NULL,
	"published_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gateway_cache_performance" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"cache_key" text NOT NULL,
	"model_name" text,
	"response" jsonb,
	"expires_at" timestamp with time zone,
	"hit_count" integer DEFAULT 0 NOT NULL,
	"miss_count" integer DEFAULT 0 NOT NULL,
	"tokens_saved" bigint DEFAULT 0 NOT NULL,
	"cost_saved_usd" numeric(24, 10) DEFAULT '0' NOT NULL,
	"last_hit_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gateway_usage_logs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"conversation_id" uuid,
	"phone" text,
	"request_id" text NOT NULL,
	"model_registry_id" uuid,
	"client_budget_id" uuid,
	"provider" text NOT NULL,
	"model_name" text NOT NULL,
	"input_tokens" integer DEFAULT 0 NOT NULL,
	"output_tokens" integer DEFAULT 0 NOT NULL,
	"cached_tokens" integer DEFAULT 0 NOT NULL,
	"total_tokens" integer DEFAULT 0 NOT NULL,
	"latency_ms" integer,
	"was_cached" boolean DEFAULT false NOT NULL,
	"was_fallback" boolean DEFAULT false NOT NULL,
	"cost_usd" numeric(24, 10) DEFAULT '0' NOT NULL,
	"cost_brl" numeric(24, 10) DEFAULT '0' NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error_details" jsonb,
	"api_type" text DEFAULT 'chat' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gateway_usage_logs_api_type_check" CHECK ("gateway_usage_logs"."api_type" in ('chat', 'embeddings', 'transcription', 'tts'))
);
--> statement-breakpoint
CREATE TABLE "interactive_flows" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"is_active" boolean DEFAULT false NOT NULL,
	"trigger_type" text DEFAULT 'keyword' NOT NULL,
	"trigger_keywords" text[] DEFAULT '{}' NOT NULL,
	"trigger_qr_code" text,
	"blocks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"edges" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"start_block_id" text,
	"schema_version" integer DEFAULT 1 NOT NULL,
	"draft_revision" integer DEFAULT 1 NOT NULL,
	"published_version_id" uuid,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "message_templates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"name" text NOT NULL,
	"language" text DEFAULT 'pt_BR' NOT NULL,
	"category" text DEFAULT 'UTILITY' NOT NULL,
	"status" text DEFAULT 'PENDING' NOT NULL,
	"components" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"meta_template_id" text,
	"rejected_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"phone" text NOT NULL,
	"name" text,
	"content" text,
	"type" text DEFAULT 'text' NOT NULL,
	"direction" text NOT NULL,
	"status" text NOT NULL,
	"timestamp" timestamp with time zone DEFAULT now() NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"wamid" text,
	"media_id" text,
	"media_url" text,
	"media_type" text,
	"transcription" text,
	"audio_duration_seconds" integer,
	"error_details" jsonb,
	"sent_by" text,
	"send_attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "messages_type_check" CHECK ("messages"."type" in ('text', 'image', 'audio', 'video', 'document', 'sticker', 'location', 'contacts', 'reaction', 'interactive', 'button', 'order', 'system', 'template', 'unsupported')),
	CONSTRAINT "messages_direction_check" CHECK ("messages"."direction" in ('incoming', 'outgoing')),
	CONSTRAINT "messages_status_check" CHECK ("messages"."status" in ('queued', 'sent', 'delivered', 'read', 'played', 'failed', 'received'))
);
--> statement-breakpoint
CREATE TABLE "n8n_chat_histories" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"session_id" text NOT NULL,
	"message" jsonb NOT NULL,
	"client_id" uuid NOT NULL,
	"conversation_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_budgets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"plan_name" text NOT NULL,
	"description" text,
	"budget_type" text DEFAULT 'brl' NOT NULL,
	"budget_period" text DEFAULT 'monthly' NOT NULL,
	"budget_limit" numeric(24, 10) DEFAULT '0' NOT NULL,
	"token_limit" bigint,
	"brl_limit" numeric(24, 10),
	"alert_threshold_80" boolean DEFAULT true NOT NULL,
	"alert_threshold_90" boolean DEFAULT true NOT NULL,
	"alert_threshold_100" boolean DEFAULT true NOT NULL,
	"pause_at_limit" boolean DEFAULT false NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_budgets_type_check" CHECK ("plan_budgets"."budget_type" in ('tokens', 'brl', 'both')),
	CONSTRAINT "plan_budgets_period_check" CHECK ("plan_budgets"."budget_period" in ('daily', 'weekly', 'monthly'))
);
--> statement-breakpoint
CREATE TABLE "pricing_config" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"model_registry_id" uuid,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"prompt_price" numeric(24, 10) NOT NULL,
	"completion_price" numeric(24, 10) NOT NULL,
	"cached_prompt_price" numeric(24, 10),
	"unit" text DEFAULT 'per_million_tokens' NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "push_tokens" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"token" text NOT NULL,
	"platform" text NOT NULL,
	"device_name" text,
	"last_used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "push_tokens_platform_check" CHECK ("push_tokens"."platform" in ('desktop', 'web', 'ios', 'android'))
);
--> statement-breakpoint
CREATE TABLE "secrets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid,
	"name" text NOT NULL,
	"ciphertext" text NOT NULL,
	"iv" text NOT NULL,
	"auth_tag" text NOT NULL,
	"key_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone,
	"user_agent" text,
	"ip" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shared_gateway_config" (
	"id" uuid PRIMARY KEY NOT NULL,
	"gateway_api_key_secret_id" uuid,
	"openai_api_key_secret_id" uuid,
	"groq_api_key_secret_id" uuid,
	"anthropic_api_key_secret_id" uuid,
	"default_model" text,
	"fallback_chain" text[] DEFAULT '{}' NOT NULL,
	"usd_to_brl_rate" numeric(24, 10) DEFAULT '5.0' NOT NULL,
	"cache_enabled" boolean DEFAULT true NOT NULL,
	"cache_ttl_seconds" integer DEFAULT 3600 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tts_cache" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"text_hash" text NOT NULL,
	"text" text NOT NULL,
	"voice" text NOT NULL,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"audio_url" text NOT NULL,
	"audio_format" text DEFAULT 'ogg' NOT NULL,
	"duration_seconds" integer,
	"size_bytes" integer,
	"hit_count" integer DEFAULT 0 NOT NULL,
	"last_used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tts_usage_logs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"conversation_id" uuid,
	"message_id" uuid,
	"provider" text NOT NULL,
	"model" text,
	"voice" text,
	"characters" integer DEFAULT 0 NOT NULL,
	"duration_seconds" integer,
	"cost_usd" numeric(24, 10) DEFAULT '0' NOT NULL,
	"cost_brl" numeric(24, 10) DEFAULT '0' NOT NULL,
	"from_cache" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "usage_logs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"conversation_id" uuid,
	"phone" text,
	"source" text NOT NULL,
	"model" text,
	"prompt_tokens" integer DEFAULT 0 NOT NULL,
	"completion_tokens" integer DEFAULT 0 NOT NULL,
	"tokens_used" integer DEFAULT 0 NOT NULL,
	"cost_usd" numeric(24, 10) DEFAULT '0' NOT NULL,
	"cost_brl" numeric(24, 10) DEFAULT '0' NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_invites" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"email" text NOT NULL,
	"role" text DEFAULT 'agent' NOT NULL,
	"token" text NOT NULL,
	"invited_by" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_by" uuid,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_invites_role_check" CHECK ("user_invites"."role" in ('owner', 'admin', 'agent', 'viewer'))
);
--> statement-breakpoint
CREATE TABLE "user_profiles" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"email" text NOT NULL,
	"full_name" text,
	"role" text DEFAULT 'agent' NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_profiles_role_check" CHECK ("user_profiles"."role" in ('owner', 'admin', 'agent', 'viewer'))
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"password_hash" text,
	"is_platform_admin" boolean DEFAULT false NOT NULL,
	"failed_login_count" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_login_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_inbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"conversation_key" text NOT NULL,
	"payload" jsonb NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"locked_by" text,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	CONSTRAINT "webhook_inbox_kind_check" CHECK ("webhook_inbox"."kind" in ('message', 'status', 'error')),
	CONSTRAINT "webhook_inbox_state_check" CHECK ("webhook_inbox"."state" in ('pending', 'done', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_logs" ADD CONSTRAINT "audit_logs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_logs" ADD CONSTRAINT "audit_logs_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_configurations" ADD CONSTRAINT "bot_configurations_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_budgets" ADD CONSTRAINT "client_budgets_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_budgets" ADD CONSTRAINT "client_budgets_plan_budget_id_plan_budgets_id_fk" FOREIGN KEY ("plan_budget_id") REFERENCES "public"."plan_budgets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clientes_whatsapp" ADD CONSTRAINT "clientes_whatsapp_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_meta_access_token_secret_id_secrets_id_fk" FOREIGN KEY ("meta_access_token_secret_id") REFERENCES "public"."secrets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_meta_verify_token_secret_id_secrets_id_fk" FOREIGN KEY ("meta_verify_token_secret_id") REFERENCES "public"."secrets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_meta_app_secret_secret_id_secrets_id_fk" FOREIGN KEY ("meta_app_secret_secret_id") REFERENCES "public"."secrets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_openai_api_key_secret_id_secrets_id_fk" FOREIGN KEY ("openai_api_key_secret_id") REFERENCES "public"."secrets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_groq_api_key_secret_id_secrets_id_fk" FOREIGN KEY ("groq_api_key_secret_id") REFERENCES "public"."secrets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_cliente_whatsapp_id_clientes_whatsapp_id_fk" FOREIGN KEY ("cliente_whatsapp_id") REFERENCES "public"."clientes_whatsapp"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "execution_logs" ADD CONSTRAINT "execution_logs_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "execution_logs" ADD CONSTRAINT "execution_logs_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_executions" ADD CONSTRAINT "flow_executions_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_executions" ADD CONSTRAINT "flow_executions_flow_id_interactive_flows_id_fk" FOREIGN KEY ("flow_id") REFERENCES "public"."interactive_flows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_executions" ADD CONSTRAINT "flow_executions_flow_version_id_flow_versions_id_fk" FOREIGN KEY ("flow_version_id") REFERENCES "public"."flow_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_executions" ADD CONSTRAINT "flow_executions_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_versions" ADD CONSTRAINT "flow_versions_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_versions" ADD CONSTRAINT "flow_versions_flow_id_interactive_flows_id_fk" FOREIGN KEY ("flow_id") REFERENCES "public"."interactive_flows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_versions" ADD CONSTRAINT "flow_versions_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gateway_cache_performance" ADD CONSTRAINT "gateway_cache_performance_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gateway_usage_logs" ADD CONSTRAINT "gateway_usage_logs_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gateway_usage_logs" ADD CONSTRAINT "gateway_usage_logs_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gateway_usage_logs" ADD CONSTRAINT "gateway_usage_logs_model_registry_id_ai_models_registry_id_fk" FOREIGN KEY ("model_registry_id") REFERENCES "public"."ai_models_registry"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gateway_usage_logs" ADD CONSTRAINT "gateway_usage_logs_client_budget_id_client_budgets_id_fk" FOREIGN KEY ("client_budget_id") REFERENCES "public"."client_budgets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interactive_flows" ADD CONSTRAINT "interactive_flows_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interactive_flows" ADD CONSTRAINT "interactive_flows_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_templates" ADD CONSTRAINT "message_templates_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "n8n_chat_histories" ADD CONSTRAINT "n8n_chat_histories_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "n8n_chat_histories" ADD CONSTRAINT "n8n_chat_histories_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pricing_config" ADD CONSTRAINT "pricing_config_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pricing_config" ADD CONSTRAINT "pricing_config_model_registry_id_ai_models_registry_id_fk" FOREIGN KEY ("model_registry_id") REFERENCES "public"."ai_models_registry"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "push_tokens" ADD CONSTRAINT "push_tokens_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "push_tokens" ADD CONSTRAINT "push_tokens_user_id_user_profiles_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "secrets" ADD CONSTRAINT "secrets_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shared_gateway_config" ADD CONSTRAINT "shared_gateway_config_gateway_api_key_secret_id_secrets_id_fk" FOREIGN KEY ("gateway_api_key_secret_id") REFERENCES "public"."secrets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shared_gateway_config" ADD CONSTRAINT "shared_gateway_config_openai_api_key_secret_id_secrets_id_fk" FOREIGN KEY ("openai_api_key_secret_id") REFERENCES "public"."secrets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shared_gateway_config" ADD CONSTRAINT "shared_gateway_config_groq_api_key_secret_id_secrets_id_fk" FOREIGN KEY ("groq_api_key_secret_id") REFERENCES "public"."secrets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shared_gateway_config" ADD CONSTRAINT "shared_gateway_config_anthropic_api_key_secret_id_secrets_id_fk" FOREIGN KEY ("anthropic_api_key_secret_id") REFERENCES "public"."secrets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tts_cache" ADD CONSTRAINT "tts_cache_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tts_usage_logs" ADD CONSTRAINT "tts_usage_logs_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tts_usage_logs" ADD CONSTRAINT "tts_usage_logs_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tts_usage_logs" ADD CONSTRAINT "tts_usage_logs_message_id_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_logs" ADD CONSTRAINT "usage_logs_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_logs" ADD CONSTRAINT "usage_logs_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_invites" ADD CONSTRAINT "user_invites_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_invites" ADD CONSTRAINT "user_invites_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_invites" ADD CONSTRAINT "user_invites_accepted_by_users_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_profiles" ADD CONSTRAINT "user_profiles_id_users_id_fk" FOREIGN KEY ("id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_profiles" ADD CONSTRAINT "user_profiles_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_inbox" ADD CONSTRAINT "webhook_inbox_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ai_models_registry_gateway_identifier_key" ON "ai_models_registry" USING btree ("gateway_identifier");--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "api_keys_client_idx" ON "api_keys" USING btree ("client_id");--> statement-breakpoint
CREATE INDEX "audit_logs_client_created_idx" ON "audit_logs" USING btree ("client_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_logs_user_idx" ON "audit_logs" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "bot_configurations_client_key" ON "bot_configurations" USING btree ("client_id","config_key");--> statement-breakpoint
CREATE UNIQUE INDEX "client_budgets_client_key" ON "client_budgets" USING btree ("client_id");--> statement-breakpoint
CREATE UNIQUE INDEX "clientes_whatsapp_client_telefone_key" ON "clientes_whatsapp" USING btree ("client_id","telefone");--> statement-breakpoint
CREATE UNIQUE INDEX "clients_slug_key" ON "clients" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "clients_meta_phone_number_id_key" ON "clients" USING btree ("meta_phone_number_id");--> statement-breakpoint
CREATE UNIQUE INDEX "conversations_client_phone_key" ON "conversations" USING btree ("client_id","phone");--> statement-breakpoint
CREATE INDEX "conversations_client_status_update_idx" ON "conversations" USING btree ("client_id","status","last_update");--> statement-breakpoint
CREATE INDEX "conversations_client_update_idx" ON "conversations" USING btree ("client_id","last_update");--> statement-breakpoint
CREATE INDEX "documents_client_source_idx" ON "documents" USING btree ("client_id","source_id");--> statement-breakpoint
CREATE INDEX "execution_logs_execution_idx" ON "execution_logs" USING btree ("client_id","execution_id");--> statement-breakpoint
CREATE INDEX "execution_logs_client_created_idx" ON "execution_logs" USING btree ("client_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "flow_executions_one_active_key" ON "flow_executions" USING btree ("conversation_id") WHERE "flow_executions"."status" in ('running', 'waiting_input', 'waiting_delay');--> statement-breakpoint
CREATE INDEX "flow_executions_flow_idx" ON "flow_executions" USING btree ("flow_id","status");--> statement-breakpoint
CREATE INDEX "flow_executions_due_idx" ON "flow_executions" USING btree ("status","resume_at");--> statement-breakpoint
CREATE UNIQUE INDEX "flow_versions_flow_version_key" ON "flow_versions" USING btree ("flow_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "gateway_cache_performance_client_key" ON "gateway_cache_performance" USING btree ("client_id","cache_key");--> statement-breakpoint
CREATE INDEX "gateway_usage_logs_client_created_idx" ON "gateway_usage_logs" USING btree ("client_id","created_at");--> statement-breakpoint
CREATE INDEX "gateway_usage_logs_conversation_idx" ON "gateway_usage_logs" USING btree ("conversation_id");--> statement-breakpoint
CREATE INDEX "gateway_usage_logs_request_idx" ON "gateway_usage_logs" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "interactive_flows_client_idx" ON "interactive_flows" USING btree ("client_id","is_active");--> statement-breakpoint
CREATE UNIQUE INDEX "interactive_flows_client_qr_key" ON "interactive_flows" USING btree ("client_id","trigger_qr_code");--> statement-breakpoint
CREATE UNIQUE INDEX "message_templates_client_name_lang_key" ON "message_templates" USING btree ("client_id","name","language");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_client_wamid_key" ON "messages" USING btree ("client_id","wamid");--> statement-breakpoint
CREATE INDEX "messages_conversation_time_idx" ON "messages" USING btree ("conversation_id","timestamp");--> statement-breakpoint
CREATE INDEX "messages_outbox_idx" ON "messages" USING btree ("status","next_attempt_at") WHERE "messages"."status" = 'queued';--> statement-breakpoint
CREATE INDEX "n8n_chat_histories_session_idx" ON "n8n_chat_histories" USING btree ("client_id","session_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_budgets_plan_name_key" ON "plan_budgets" USING btree ("plan_name");--> statement-breakpoint
CREATE UNIQUE INDEX "pricing_config_client_model_key" ON "pricing_config" USING btree ("client_id","provider","model");--> statement-breakpoint
CREATE UNIQUE INDEX "push_tokens_user_token_key" ON "push_tokens" USING btree ("user_id","token");--> statement-breakpoint
CREATE INDEX "secrets_client_idx" ON "secrets" USING btree ("client_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_token_hash_key" ON "sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tts_cache_client_hash_key" ON "tts_cache" USING btree ("client_id","text_hash");--> statement-breakpoint
CREATE INDEX "tts_usage_logs_client_created_idx" ON "tts_usage_logs" USING btree ("client_id","created_at");--> statement-breakpoint
CREATE INDEX "usage_logs_client_created_idx" ON "usage_logs" USING btree ("client_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "user_invites_token_key" ON "user_invites" USING btree ("token");--> statement-breakpoint
CREATE UNIQUE INDEX "user_invites_pending_email_key" ON "user_invites" USING btree ("client_id","email") WHERE "user_invites"."accepted_at" is null and "user_invites"."revoked_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "user_profiles_email_key" ON "user_profiles" USING btree ("email");--> statement-breakpoint
CREATE INDEX "user_profiles_client_idx" ON "user_profiles" USING btree ("client_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_key" ON "users" USING btree ("email");--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_inbox_client_dedupe_key" ON "webhook_inbox" USING btree ("client_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "webhook_inbox_pending_idx" ON "webhook_inbox" USING btree ("state","id") WHERE "webhook_inbox"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "webhook_inbox_conversation_idx" ON "webhook_inbox" USING btree ("client_id","conversation_key","id");
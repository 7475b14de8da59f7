ALTER TABLE "clients" ADD COLUMN "meta_verified_name" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "meta_quality_rating" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "meta_verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "anthropic_api_key_secret_id" uuid;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "anthropic_model" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "custom_model_base_url" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "custom_model_api_key_secret_id" uuid;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "custom_model" text;--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_anthropic_api_key_secret_id_secrets_id_fk" FOREIGN KEY ("anthropic_api_key_secret_id") REFERENCES "public"."secrets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_custom_model_api_key_secret_id_secrets_id_fk" FOREIGN KEY ("custom_model_api_key_secret_id") REFERENCES "public"."secrets"("id") ON DELETE set null ON UPDATE no action;
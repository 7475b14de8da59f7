CREATE TABLE "sandbox_media" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"mime_type" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "clientes_whatsapp" ADD COLUMN "is_test" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "sandbox_phone_number_id" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "sandbox_app_secret_secret_id" uuid;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "phone_number_id" text;--> statement-breakpoint
ALTER TABLE "sandbox_media" ADD CONSTRAINT "sandbox_media_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sandbox_media_client_idx" ON "sandbox_media" USING btree ("client_id","created_at");--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_sandbox_app_secret_secret_id_secrets_id_fk" FOREIGN KEY ("sandbox_app_secret_secret_id") REFERENCES "public"."secrets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "clients_sandbox_phone_number_id_key" ON "clients" USING btree ("sandbox_phone_number_id");--> statement-breakpoint
SELECT uzz_enable_tenant_rls('public.sandbox_media');

CREATE TABLE "notification_preferences" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"on_assigned" boolean DEFAULT true NOT NULL,
	"on_transfer" boolean DEFAULT true NOT NULL,
	"on_message" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "clientes_whatsapp" ADD COLUMN "opted_out_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "clientes_whatsapp" ADD COLUMN "opt_out_source" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "opt_out_settings" jsonb;--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_user_id_user_profiles_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
SELECT uzz_enable_tenant_rls('public.notification_preferences');--> statement-breakpoint
SELECT uzz_enable_touch_updated_at('public.notification_preferences');

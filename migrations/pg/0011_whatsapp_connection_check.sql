ALTER TABLE "clients" ADD COLUMN "meta_verified_name" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "meta_quality_rating" text;--> statement-breakpoint
ALTER TABLE "clients" ADD COLUMN "meta_verified_at" timestamp with time zone;
CREATE TABLE "knowledge_uploads" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" uuid NOT NULL,
	"job_id" uuid NOT NULL,
	"source_id" text NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"bytes" "bytea" NOT NULL,
	"chunks_done" integer DEFAULT 0 NOT NULL,
	"chunks_total" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "knowledge_uploads_sizes_check" CHECK ("knowledge_uploads"."size_bytes" >= 0 and "knowledge_uploads"."chunks_done" >= 0 and "knowledge_uploads"."chunks_total" >= 0)
);
--> statement-breakpoint
ALTER TABLE "knowledge_uploads" ADD CONSTRAINT "knowledge_uploads_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "knowledge_uploads" ADD CONSTRAINT "knowledge_uploads_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "knowledge_uploads_job_key" ON "knowledge_uploads" USING btree ("job_id");--> statement-breakpoint
CREATE INDEX "knowledge_uploads_client_source_idx" ON "knowledge_uploads" USING btree ("client_id","source_id");--> statement-breakpoint
-- A tenant sees and cancels only its own uploads; the job handler reads them in the tenant's context.
SELECT uzz_enable_tenant_rls('public.knowledge_uploads');
--> statement-breakpoint
SELECT uzz_enable_touch_updated_at('public.knowledge_uploads');

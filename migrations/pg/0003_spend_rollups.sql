CREATE TABLE "spend_conversation_rollups" (
	"client_id" uuid NOT NULL,
	"bucket_ms" bigint NOT NULL,
	"conversation_id" uuid NOT NULL,
	"calls" bigint DEFAULT 0 NOT NULL,
	"total_tokens" bigint DEFAULT 0 NOT NULL,
	"cost_usd_e_10" bigint DEFAULT 0 NOT NULL,
	"cost_brl_e_10" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "spend_conversation_rollups_pkey" PRIMARY KEY("client_id","bucket_ms","conversation_id")
);
--> statement-breakpoint
CREATE TABLE "spend_rollups" (
	"client_id" uuid NOT NULL,
	"bucket_ms" bigint NOT NULL,
	"provider" text NOT NULL,
	"model_name" text NOT NULL,
	"api_type" text NOT NULL,
	"calls" bigint DEFAULT 0 NOT NULL,
	"cached_calls" bigint DEFAULT 0 NOT NULL,
	"fallback_calls" bigint DEFAULT 0 NOT NULL,
	"error_calls" bigint DEFAULT 0 NOT NULL,
	"input_tokens" bigint DEFAULT 0 NOT NULL,
	"output_tokens" bigint DEFAULT 0 NOT NULL,
	"cached_tokens" bigint DEFAULT 0 NOT NULL,
	"total_tokens" bigint DEFAULT 0 NOT NULL,
	"cost_usd_e_10" bigint DEFAULT 0 NOT NULL,
	"cost_brl_e_10" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "spend_rollups_pkey" PRIMARY KEY("client_id","bucket_ms","provider","model_name","api_type")
);
--> statement-breakpoint
ALTER TABLE "spend_conversation_rollups" ADD CONSTRAINT "spend_conversation_rollups_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spend_conversation_rollups" ADD CONSTRAINT "spend_conversation_rollups_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spend_rollups" ADD CONSTRAINT "spend_rollups_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- Hand-written: the spend rollups follow gateway_usage_logs row by row (see schema.pg.ts). Adding
-- is an upsert; taking away only updates, so a conversation being deleted (whose rollup rows
-- cascade away while its usage rows are set to null) never re-inserts a row for it.
CREATE OR REPLACE FUNCTION uzz_spend_rollup_apply(r gateway_usage_logs, sign integer) RETURNS void
  LANGUAGE plpgsql AS $$
DECLARE bucket bigint := (floor(extract(epoch FROM r.created_at) * 1000 / 900000) * 900000)::bigint;
BEGIN
  IF sign > 0 THEN
    INSERT INTO spend_rollups AS s (client_id, bucket_ms, provider, model_name, api_type, calls, cached_calls, fallback_calls, error_calls, input_tokens, output_tokens, cached_tokens, total_tokens, cost_usd_e_10, cost_brl_e_10)
    VALUES (r.client_id, bucket, r.provider, r.model_name, r.api_type, sign, sign * r.was_cached::int, sign * r.was_fallback::int, sign * (r.error_details IS NOT NULL)::int, sign * r.input_tokens, sign * r.output_tokens, sign * r.cached_tokens, sign * r.total_tokens, sign * round(r.cost_usd * 10000000000)::bigint, sign * round(r.cost_brl * 10000000000)::bigint)
    ON CONFLICT (client_id, bucket_ms, provider, model_name, api_type) DO UPDATE SET calls = s.calls + excluded.calls, cached_calls = s.cached_calls + excluded.cached_calls, fallback_calls = s.fallback_calls + excluded.fallback_calls, error_calls = s.error_calls + excluded.error_calls, input_tokens = s.input_tokens + excluded.input_tokens, output_tokens = s.output_tokens + excluded.output_tokens, cached_tokens = s.cached_tokens + excluded.cached_tokens, total_tokens = s.total_tokens + excluded.total_tokens, cost_usd_e_10 = s.cost_usd_e_10 + excluded.cost_usd_e_10, cost_brl_e_10 = s.cost_brl_e_10 + excluded.cost_brl_e_10;
    IF r.conversation_id IS NOT NULL THEN
      INSERT INTO spend_conversation_rollups AS s (client_id, bucket_ms, conversation_id, calls, total_tokens, cost_usd_e_10, cost_brl_e_10)
      VALUES (r.client_id, bucket, r.conversation_id, sign, sign * r.total_tokens, sign * round(r.cost_usd * 10000000000)::bigint, sign * round(r.cost_brl * 10000000000)::bigint)
      ON CONFLICT (client_id, bucket_ms, conversation_id) DO UPDATE SET calls = s.calls + excluded.calls, total_tokens = s.total_tokens + excluded.total_tokens, cost_usd_e_10 = s.cost_usd_e_10 + excluded.cost_usd_e_10, cost_brl_e_10 = s.cost_brl_e_10 + excluded.cost_brl_e_10;
    END IF;
  ELSE
    UPDATE spend_rollups SET calls = calls + sign, cached_calls = cached_calls + sign * r.was_cached::int, fallback_calls = fallback_calls + sign * r.was_fallback::int, error_calls = error_calls + sign * (r.error_details IS NOT NULL)::int, input_tokens = input_tokens + sign * r.input_tokens, output_tokens = output_tokens + sign * r.output_tokens, cached_tokens = cached_tokens + sign * r.cached_tokens, total_tokens = total_tokens + sign * r.total_tokens, cost_usd_e_10 = cost_usd_e_10 + sign * round(r.cost_usd * 10000000000)::bigint, cost_brl_e_10 = cost_brl_e_10 + sign * round(r.cost_brl * 10000000000)::bigint
    WHERE client_id = r.client_id AND bucket_ms = bucket AND provider = r.provider AND model_name = r.model_name AND api_type = r.api_type;
    IF r.conversation_id IS NOT NULL THEN
      UPDATE spend_conversation_rollups SET calls = calls + sign, total_tokens = total_tokens + sign * r.total_tokens, cost_usd_e_10 = cost_usd_e_10 + sign * round(r.cost_usd * 10000000000)::bigint, cost_brl_e_10 = cost_brl_e_10 + sign * round(r.cost_brl * 10000000000)::bigint
      WHERE client_id = r.client_id AND bucket_ms = bucket AND conversation_id = r.conversation_id;
    END IF;
  END IF;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION uzz_spend_rollup_trigger() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM uzz_spend_rollup_apply(OLD, -1); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM uzz_spend_rollup_apply(NEW, 1); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER gateway_usage_logs_spend_rollup AFTER INSERT OR DELETE OR UPDATE OF client_id, conversation_id, provider, model_name, api_type,
  input_tokens, output_tokens, cached_tokens, total_tokens, was_cached, was_fallback, cost_usd, cost_brl, error_details, created_at
  ON gateway_usage_logs FOR EACH ROW EXECUTE FUNCTION uzz_spend_rollup_trigger();
--> statement-breakpoint
SELECT uzz_enable_tenant_rls('public.spend_rollups');
--> statement-breakpoint
SELECT uzz_enable_tenant_rls('public.spend_conversation_rollups');
--> statement-breakpoint
-- Rows logged before this migration. The platform context, because row-level security is forced
-- even on the tables' owner; transaction-local, and the migrator runs in one transaction.
SELECT set_config('app.system', 'on', true);
--> statement-breakpoint
INSERT INTO spend_rollups (client_id, bucket_ms, provider, model_name, api_type, calls, cached_calls, fallback_calls, error_calls, input_tokens, output_tokens, cached_tokens, total_tokens, cost_usd_e_10, cost_brl_e_10)
SELECT client_id, (floor(extract(epoch FROM created_at) * 1000 / 900000) * 900000)::bigint, provider, model_name, api_type,
  count(*), count(*) FILTER (WHERE was_cached), count(*) FILTER (WHERE was_fallback), count(*) FILTER (WHERE error_details IS NOT NULL),
  sum(input_tokens), sum(output_tokens), sum(cached_tokens), sum(total_tokens),
  sum(round(cost_usd * 10000000000)::bigint), sum(round(cost_brl * 10000000000)::bigint)
FROM gateway_usage_logs GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
INSERT INTO spend_conversation_rollups (client_id, bucket_ms, conversation_id, calls, total_tokens, cost_usd_e_10, cost_brl_e_10)
SELECT client_id, (floor(extract(epoch FROM created_at) * 1000 / 900000) * 900000)::bigint, conversation_id,
  count(*), sum(total_tokens), sum(round(cost_usd * 10000000000)::bigint), sum(round(cost_brl * 10000000000)::bigint)
FROM gateway_usage_logs WHERE conversation_id IS NOT NULL GROUP BY 1, 2, 3;
--> statement-breakpoint
SELECT set_config('app.system', '', true);

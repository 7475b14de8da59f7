-- Hand-written (PostgreSQL only): keep the spend rollups compact, so every chart reads a few MB.
--
-- Before, a row-level trigger upserted the call's rollup rows once per usage row, and covering
-- indexes (0004) held the sums. Every upsert was then a new version of the rollup row and a new
-- entry in both indexes (an update that changes an indexed column, INCLUDE ones too, cannot be
-- HOT), and a batch of calls in one bucket made one dead version per call that nothing can prune
-- until its transaction ends. A million calls left 43,000 live rollup rows spread over 19,600 heap
-- pages and a 26,000-page covering index after VACUUM (which does not shrink either): every
-- chart read ~150 MB, 200-800 ms per chart (bench/spendDashboard.bench.ts).
--
-- Now: statement-level triggers with transition tables sum a statement's usage rows per rollup
-- key first, so a batch (the gateway's, an import) writes each rollup row once; the covering
-- indexes go and the tables keep free space on each page (fillfactor), so an update of the sums
-- is HOT (no index entry; the page prunes its old versions itself). Same rules as before:
-- adding is an upsert, taking away only updates (a conversation being deleted, whose rollup rows
-- cascade away while its usage rows are set to null, never re-inserts a row for it). Upserts go
-- in key order, so two concurrent batches lock shared rows in the same order.
DROP TRIGGER IF EXISTS gateway_usage_logs_spend_rollup ON gateway_usage_logs;
--> statement-breakpoint
DROP FUNCTION IF EXISTS uzz_spend_rollup_trigger();
--> statement-breakpoint
DROP FUNCTION IF EXISTS uzz_spend_rollup_apply(gateway_usage_logs, integer);
--> statement-breakpoint
DROP INDEX IF EXISTS spend_rollups_covering;
--> statement-breakpoint
DROP INDEX IF EXISTS spend_conversation_rollups_covering;
--> statement-breakpoint
ALTER TABLE spend_rollups SET (fillfactor = 70);
--> statement-breakpoint
ALTER TABLE spend_conversation_rollups SET (fillfactor = 70);
--> statement-breakpoint
-- Rewrites both tables (and their primary keys) without the dead space, at the new fillfactor.
CLUSTER spend_rollups USING spend_rollups_pkey;
--> statement-breakpoint
CLUSTER spend_conversation_rollups USING spend_conversation_rollups_pkey;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION uzz_spend_rollup_inserted() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO spend_rollups AS s (client_id, bucket_ms, provider, model_name, api_type, calls, cached_calls, fallback_calls, error_calls, input_tokens, output_tokens, cached_tokens, total_tokens, cost_usd_e_10, cost_brl_e_10)
  SELECT client_id, (floor(extract(epoch FROM created_at) * 1000 / 900000) * 900000)::bigint, provider, model_name, api_type,
    count(*), count(*) FILTER (WHERE was_cached), count(*) FILTER (WHERE was_fallback), count(*) FILTER (WHERE error_details IS NOT NULL),
    sum(input_tokens), sum(output_tokens), sum(cached_tokens), sum(total_tokens),
    sum(round(cost_usd * 10000000000)::bigint), sum(round(cost_brl * 10000000000)::bigint)
  FROM uzz_new_usage GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (client_id, bucket_ms, provider, model_name, api_type) DO UPDATE SET calls = s.calls + excluded.calls, cached_calls = s.cached_calls + excluded.cached_calls, fallback_calls = s.fallback_calls + excluded.fallback_calls, error_calls = s.error_calls + excluded.error_calls, input_tokens = s.input_tokens + excluded.input_tokens, output_tokens = s.output_tokens + excluded.output_tokens, cached_tokens = s.cached_tokens + excluded.cached_tokens, total_tokens = s.total_tokens + excluded.total_tokens, cost_usd_e_10 = s.cost_usd_e_10 + excluded.cost_usd_e_10, cost_brl_e_10 = s.cost_brl_e_10 + excluded.cost_brl_e_10;
  INSERT INTO spend_conversation_rollups AS s (client_id, bucket_ms, conversation_id, calls, total_tokens, cost_usd_e_10, cost_brl_e_10)
  SELECT client_id, (floor(extract(epoch FROM created_at) * 1000 / 900000) * 900000)::bigint, conversation_id,
    count(*), sum(total_tokens), sum(round(cost_usd * 10000000000)::bigint), sum(round(cost_brl * 10000000000)::bigint)
  FROM uzz_new_usage WHERE conversation_id IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (client_id, bucket_ms, conversation_id) DO UPDATE SET calls = s.calls + excluded.calls, total_tokens = s.total_tokens + excluded.total_tokens, cost_usd_e_10 = s.cost_usd_e_10 + excluded.cost_usd_e_10, cost_brl_e_10 = s.cost_brl_e_10 + excluded.cost_brl_e_10;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION uzz_spend_rollup_deleted() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  UPDATE spend_rollups s SET calls = s.calls - d.calls, cached_calls = s.cached_calls - d.cached_calls, fallback_calls = s.fallback_calls - d.fallback_calls, error_calls = s.error_calls - d.error_calls, input_tokens = s.input_tokens - d.input_tokens, output_tokens = s.output_tokens - d.output_tokens, cached_tokens = s.cached_tokens - d.cached_tokens, total_tokens = s.total_tokens - d.total_tokens, cost_usd_e_10 = s.cost_usd_e_10 - d.cost_usd_e_10, cost_brl_e_10 = s.cost_brl_e_10 - d.cost_brl_e_10
  FROM (
    SELECT client_id, (floor(extract(epoch FROM created_at) * 1000 / 900000) * 900000)::bigint AS bucket_ms, provider, model_name, api_type,
      count(*) AS calls, count(*) FILTER (WHERE was_cached) AS cached_calls, count(*) FILTER (WHERE was_fallback) AS fallback_calls, count(*) FILTER (WHERE error_details IS NOT NULL) AS error_calls,
      sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens, sum(cached_tokens) AS cached_tokens, sum(total_tokens) AS total_tokens,
      sum(round(cost_usd * 10000000000)::bigint) AS cost_usd_e_10, sum(round(cost_brl * 10000000000)::bigint) AS cost_brl_e_10
    FROM uzz_old_usage GROUP BY 1, 2, 3, 4, 5
  ) d
  WHERE s.client_id = d.client_id AND s.bucket_ms = d.bucket_ms AND s.provider = d.provider AND s.model_name = d.model_name AND s.api_type = d.api_type;
  UPDATE spend_conversation_rollups s SET calls = s.calls - d.calls, total_tokens = s.total_tokens - d.total_tokens, cost_usd_e_10 = s.cost_usd_e_10 - d.cost_usd_e_10, cost_brl_e_10 = s.cost_brl_e_10 - d.cost_brl_e_10
  FROM (
    SELECT client_id, (floor(extract(epoch FROM created_at) * 1000 / 900000) * 900000)::bigint AS bucket_ms, conversation_id,
      count(*) AS calls, sum(total_tokens) AS total_tokens, sum(round(cost_usd * 10000000000)::bigint) AS cost_usd_e_10, sum(round(cost_brl * 10000000000)::bigint) AS cost_brl_e_10
    FROM uzz_old_usage WHERE conversation_id IS NOT NULL GROUP BY 1, 2, 3
  ) d
  WHERE s.client_id = d.client_id AND s.bucket_ms = d.bucket_ms AND s.conversation_id = d.conversation_id;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- An update takes the old rows away and adds the new ones, for the rows whose rolled-up columns
-- changed (a trigger with transition tables cannot be limited to columns).
CREATE OR REPLACE FUNCTION uzz_spend_rollup_updated() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  UPDATE spend_rollups s SET calls = s.calls - d.calls, cached_calls = s.cached_calls - d.cached_calls, fallback_calls = s.fallback_calls - d.fallback_calls, error_calls = s.error_calls - d.error_calls, input_tokens = s.input_tokens - d.input_tokens, output_tokens = s.output_tokens - d.output_tokens, cached_tokens = s.cached_tokens - d.cached_tokens, total_tokens = s.total_tokens - d.total_tokens, cost_usd_e_10 = s.cost_usd_e_10 - d.cost_usd_e_10, cost_brl_e_10 = s.cost_brl_e_10 - d.cost_brl_e_10
  FROM (
    SELECT client_id, (floor(extract(epoch FROM created_at) * 1000 / 900000) * 900000)::bigint AS bucket_ms, provider, model_name, api_type,
      count(*) AS calls, count(*) FILTER (WHERE was_cached) AS cached_calls, count(*) FILTER (WHERE was_fallback) AS fallback_calls, count(*) FILTER (WHERE error_details IS NOT NULL) AS error_calls,
      sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens, sum(cached_tokens) AS cached_tokens, sum(total_tokens) AS total_tokens,
      sum(round(cost_usd * 10000000000)::bigint) AS cost_usd_e_10, sum(round(cost_brl * 10000000000)::bigint) AS cost_brl_e_10
    FROM uzz_old_usage o WHERE EXISTS (SELECT 1 FROM uzz_new_usage n WHERE n.id = o.id AND (n.client_id, n.conversation_id, n.provider, n.model_name, n.api_type, n.input_tokens, n.output_tokens, n.cached_tokens, n.total_tokens, n.was_cached, n.was_fallback, n.cost_usd, n.cost_brl, n.error_details IS NULL, n.created_at)
      IS DISTINCT FROM (o.client_id, o.conversation_id, o.provider, o.model_name, o.api_type, o.input_tokens, o.output_tokens, o.cached_tokens, o.total_tokens, o.was_cached, o.was_fallback, o.cost_usd, o.cost_brl, o.error_details IS NULL, o.created_at)) GROUP BY 1, 2, 3, 4, 5
  ) d
  WHERE s.client_id = d.client_id AND s.bucket_ms = d.bucket_ms AND s.provider = d.provider AND s.model_name = d.model_name AND s.api_type = d.api_type;
  UPDATE spend_conversation_rollups s SET calls = s.calls - d.calls, total_tokens = s.total_tokens - d.total_tokens, cost_usd_e_10 = s.cost_usd_e_10 - d.cost_usd_e_10, cost_brl_e_10 = s.cost_brl_e_10 - d.cost_brl_e_10
  FROM (
    SELECT client_id, (floor(extract(epoch FROM created_at) * 1000 / 900000) * 900000)::bigint AS bucket_ms, conversation_id,
      count(*) AS calls, sum(total_tokens) AS total_tokens, sum(round(cost_usd * 10000000000)::bigint) AS cost_usd_e_10, sum(round(cost_brl * 10000000000)::bigint) AS cost_brl_e_10
    FROM uzz_old_usage o WHERE conversation_id IS NOT NULL AND EXISTS (SELECT 1 FROM uzz_new_usage n WHERE n.id = o.id AND (n.client_id, n.conversation_id, n.provider, n.model_name, n.api_type, n.input_tokens, n.output_tokens, n.cached_tokens, n.total_tokens, n.was_cached, n.was_fallback, n.cost_usd, n.cost_brl, n.error_details IS NULL, n.created_at)
      IS DISTINCT FROM (o.client_id, o.conversation_id, o.provider, o.model_name, o.api_type, o.input_tokens, o.output_tokens, o.cached_tokens, o.total_tokens, o.was_cached, o.was_fallback, o.cost_usd, o.cost_brl, o.error_details IS NULL, o.created_at)) GROUP BY 1, 2, 3
  ) d
  WHERE s.client_id = d.client_id AND s.bucket_ms = d.bucket_ms AND s.conversation_id = d.conversation_id;
  INSERT INTO spend_rollups AS s (client_id, bucket_ms, provider, model_name, api_type, calls, cached_calls, fallback_calls, error_calls, input_tokens, output_tokens, cached_tokens, total_tokens, cost_usd_e_10, cost_brl_e_10)
  SELECT client_id, (floor(extract(epoch FROM created_at) * 1000 / 900000) * 900000)::bigint, provider, model_name, api_type,
    count(*), count(*) FILTER (WHERE was_cached), count(*) FILTER (WHERE was_fallback), count(*) FILTER (WHERE error_details IS NOT NULL),
    sum(input_tokens), sum(output_tokens), sum(cached_tokens), sum(total_tokens),
    sum(round(cost_usd * 10000000000)::bigint), sum(round(cost_brl * 10000000000)::bigint)
  FROM uzz_new_usage n WHERE EXISTS (SELECT 1 FROM uzz_old_usage o WHERE o.id = n.id AND (n.client_id, n.conversation_id, n.provider, n.model_name, n.api_type, n.input_tokens, n.output_tokens, n.cached_tokens, n.total_tokens, n.was_cached, n.was_fallback, n.cost_usd, n.cost_brl, n.error_details IS NULL, n.created_at)
      IS DISTINCT FROM (o.client_id, o.conversation_id, o.provider, o.model_name, o.api_type, o.input_tokens, o.output_tokens, o.cached_tokens, o.total_tokens, o.was_cached, o.was_fallback, o.cost_usd, o.cost_brl, o.error_details IS NULL, o.created_at)) GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (client_id, bucket_ms, provider, model_name, api_type) DO UPDATE SET calls = s.calls + excluded.calls, cached_calls = s.cached_calls + excluded.cached_calls, fallback_calls = s.fallback_calls + excluded.fallback_calls, error_calls = s.error_calls + excluded.error_calls, input_tokens = s.input_tokens + excluded.input_tokens, output_tokens = s.output_tokens + excluded.output_tokens, cached_tokens = s.cached_tokens + excluded.cached_tokens, total_tokens = s.total_tokens + excluded.total_tokens, cost_usd_e_10 = s.cost_usd_e_10 + excluded.cost_usd_e_10, cost_brl_e_10 = s.cost_brl_e_10 + excluded.cost_brl_e_10;
  INSERT INTO spend_conversation_rollups AS s (client_id, bucket_ms, conversation_id, calls, total_tokens, cost_usd_e_10, cost_brl_e_10)
  SELECT client_id, (floor(extract(epoch FROM created_at) * 1000 / 900000) * 900000)::bigint, conversation_id,
    count(*), sum(total_tokens), sum(round(cost_usd * 10000000000)::bigint), sum(round(cost_brl * 10000000000)::bigint)
  FROM uzz_new_usage n WHERE conversation_id IS NOT NULL AND EXISTS (SELECT 1 FROM uzz_old_usage o WHERE o.id = n.id AND (n.client_id, n.conversation_id, n.provider, n.model_name, n.api_type, n.input_tokens, n.output_tokens, n.cached_tokens, n.total_tokens, n.was_cached, n.was_fallback, n.cost_usd, n.cost_brl, n.error_details IS NULL, n.created_at)
      IS DISTINCT FROM (o.client_id, o.conversation_id, o.provider, o.model_name, o.api_type, o.input_tokens, o.output_tokens, o.cached_tokens, o.total_tokens, o.was_cached, o.was_fallback, o.cost_usd, o.cost_brl, o.error_details IS NULL, o.created_at)) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (client_id, bucket_ms, conversation_id) DO UPDATE SET calls = s.calls + excluded.calls, total_tokens = s.total_tokens + excluded.total_tokens, cost_usd_e_10 = s.cost_usd_e_10 + excluded.cost_usd_e_10, cost_brl_e_10 = s.cost_brl_e_10 + excluded.cost_brl_e_10;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER gateway_usage_logs_spend_rollup_insert AFTER INSERT ON gateway_usage_logs
  REFERENCING NEW TABLE AS uzz_new_usage FOR EACH STATEMENT EXECUTE FUNCTION uzz_spend_rollup_inserted();
--> statement-breakpoint
CREATE TRIGGER gateway_usage_logs_spend_rollup_delete AFTER DELETE ON gateway_usage_logs
  REFERENCING OLD TABLE AS uzz_old_usage FOR EACH STATEMENT EXECUTE FUNCTION uzz_spend_rollup_deleted();
--> statement-breakpoint
CREATE TRIGGER gateway_usage_logs_spend_rollup_update AFTER UPDATE ON gateway_usage_logs
  REFERENCING OLD TABLE AS uzz_old_usage NEW TABLE AS uzz_new_usage FOR EACH STATEMENT EXECUTE FUNCTION uzz_spend_rollup_updated();

-- Hand-written (PostgreSQL only): covering indexes so every spend chart is an index-only scan of
-- the period's range. Each rollup row is updated once per call in its 15-minute bucket, so its
-- live version ends up a page or two away from its neighbours' (about two live rows per heap page
-- after a busy day): summing a 90-day period through the primary key read ~20,000 heap pages for
-- 43,000 rows. These indexes hold the sums in period order (~7 MB per million calls); autovacuum
-- keeps the visibility map current, so the heap is not read for closed buckets.
CREATE INDEX IF NOT EXISTS "spend_rollups_covering" ON "spend_rollups" ("client_id", "bucket_ms")
  INCLUDE ("provider", "model_name", "api_type", "calls", "cached_calls", "fallback_calls", "error_calls", "input_tokens", "output_tokens", "cached_tokens", "total_tokens", "cost_usd_e_10", "cost_brl_e_10");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "spend_conversation_rollups_covering" ON "spend_conversation_rollups" ("client_id", "bucket_ms")
  INCLUDE ("conversation_id", "calls", "total_tokens", "cost_usd_e_10", "cost_brl_e_10");

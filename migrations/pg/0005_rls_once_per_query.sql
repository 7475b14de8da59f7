-- Hand-written: the tenant policies compared client_id with a function call that PostgreSQL may
-- evaluate again for every row. Wrapped in a scalar subquery it becomes an init plan, evaluated
-- once per query, which matters for the dashboards' large scans. Same meaning, same tables.
CREATE OR REPLACE FUNCTION uzz_enable_tenant_rls(target regclass, tenant_column text DEFAULT 'client_id') RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
  EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %s', target);
  EXECUTE format(
    'CREATE POLICY tenant_isolation ON %s USING ((select uzz_is_system()) OR %I = (select uzz_current_client_id())) '
    'WITH CHECK ((select uzz_is_system()) OR %I = (select uzz_current_client_id()))',
    target, tenant_column, tenant_column);
END $$;
--> statement-breakpoint
DO $$
DECLARE tenant_table record;
BEGIN
  FOR tenant_table IN
    SELECT policies.tablename, CASE WHEN policies.tablename = 'clients' THEN 'id' ELSE 'client_id' END AS tenant_column
    FROM pg_policies policies
    WHERE policies.schemaname = 'public' AND policies.policyname = 'tenant_isolation'
  LOOP
    PERFORM uzz_enable_tenant_rls(format('public.%I', tenant_table.tablename)::regclass, tenant_table.tenant_column);
  END LOOP;
END $$;

-- Hand-written: the platform context is a role, no longer a setting. Until now every policy let a
-- transaction that ran `set_config('app.system', 'on', ...)` see every tenant's rows, and any
-- session of the runtime role could run it. Platform work now logs in as its own role with
-- BYPASSRLS (uzz_system, see scripts/setup-postgres.sh and server/db/openPostgres.ts), so the
-- policies only ever compare client_id with the tenant setting and app.system means nothing.
-- Row-level security stays forced on the owner too: a later migration that must rewrite rows
-- turns FORCE off and on again around its statements (the owner may, being the tables' owner).
CREATE OR REPLACE FUNCTION uzz_enable_tenant_rls(target regclass, tenant_column text DEFAULT 'client_id') RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
  EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %s', target);
  EXECUTE format(
    'CREATE POLICY tenant_isolation ON %s USING (%I = (select uzz_current_client_id())) '
    'WITH CHECK (%I = (select uzz_current_client_id()))',
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
--> statement-breakpoint
-- Platform tables: anyone may read; only the system role writes (no write policy at all).
CREATE OR REPLACE FUNCTION uzz_enable_platform_rls(target regclass) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
  EXECUTE format('DROP POLICY IF EXISTS platform_read ON %s', target);
  EXECUTE format('DROP POLICY IF EXISTS platform_write ON %s', target);
  EXECUTE format('CREATE POLICY platform_read ON %s FOR SELECT USING (true)', target);
END $$;
--> statement-breakpoint
DO $$
DECLARE platform_table record;
BEGIN
  FOR platform_table IN
    SELECT policies.tablename FROM pg_policies policies
    WHERE policies.schemaname = 'public' AND policies.policyname = 'platform_write'
  LOOP
    PERFORM uzz_enable_platform_rls(format('public.%I', platform_table.tablename)::regclass);
  END LOOP;
END $$;
--> statement-breakpoint
-- Accounts and sessions: only the system role; inside a tenant, the members' accounts (users_members_read stays).
DROP POLICY IF EXISTS users_platform ON users;
--> statement-breakpoint
DROP POLICY IF EXISTS sessions_platform ON sessions;
--> statement-breakpoint
-- Fails if any policy still used it (PostgreSQL records the dependency), which is the point.
DROP FUNCTION uzz_is_system();

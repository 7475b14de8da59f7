-- Hand-written: what drizzle-kit cannot generate. Row-level security is the second wall between
-- tenants (the service layer is the first): every query runs in a transaction that sets
-- app.client_id (tenant context) or app.system = 'on' (platform context, used by named code paths
-- such as webhook routing and login). nullif() because, once a transaction-local setting has been
-- used on a pooled connection, the setting reads as '' rather than NULL afterwards.
CREATE OR REPLACE FUNCTION uzz_current_client_id() RETURNS uuid
  LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('app.client_id', true), '')::uuid $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION uzz_is_system() RETURNS boolean
  LANGUAGE sql STABLE AS $$ SELECT coalesce(current_setting('app.system', true), '') = 'on' $$;
--> statement-breakpoint
-- Later migrations call this for each new tenant table. FORCE so that even the tables' owner is
-- subject to the policy.
CREATE OR REPLACE FUNCTION uzz_enable_tenant_rls(target regclass, tenant_column text DEFAULT 'client_id') RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
  EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %s', target);
  EXECUTE format(
    'CREATE POLICY tenant_isolation ON %s USING (uzz_is_system() OR %I = uzz_current_client_id()) '
    'WITH CHECK (uzz_is_system() OR %I = uzz_current_client_id())',
    target, tenant_column, tenant_column);
END $$;
--> statement-breakpoint
-- Platform tables (model registry, plans, gateway configuration): anyone may read, only the
-- platform context may write.
CREATE OR REPLACE FUNCTION uzz_enable_platform_rls(target regclass) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
  EXECUTE format('DROP POLICY IF EXISTS platform_read ON %s', target);
  EXECUTE format('DROP POLICY IF EXISTS platform_write ON %s', target);
  EXECUTE format('CREATE POLICY platform_read ON %s FOR SELECT USING (true)', target);
  EXECUTE format('CREATE POLICY platform_write ON %s FOR ALL USING (uzz_is_system()) WITH CHECK (uzz_is_system())', target);
END $$;
--> statement-breakpoint
DO $$
DECLARE tenant_table record;
BEGIN
  FOR tenant_table IN
    SELECT columns.table_name FROM information_schema.columns columns
    JOIN information_schema.tables tables USING (table_schema, table_name)
    WHERE columns.table_schema = 'public' AND columns.column_name = 'client_id' AND tables.table_type = 'BASE TABLE'
  LOOP
    PERFORM uzz_enable_tenant_rls(format('public.%I', tenant_table.table_name)::regclass);
  END LOOP;
END $$;
--> statement-breakpoint
SELECT uzz_enable_tenant_rls('public.clients', 'id');
--> statement-breakpoint
SELECT uzz_enable_platform_rls('public.ai_models_registry');
--> statement-breakpoint
SELECT uzz_enable_platform_rls('public.plan_budgets');
--> statement-breakpoint
SELECT uzz_enable_platform_rls('public.shared_gateway_config');
--> statement-breakpoint
-- Accounts and sessions belong to the platform (login happens before a tenant is known); inside a
-- tenant context only the accounts of that tenant's members are visible.
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE users FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY users_platform ON users USING (uzz_is_system()) WITH CHECK (uzz_is_system());
--> statement-breakpoint
CREATE POLICY users_members_read ON users FOR SELECT
  USING (id IN (SELECT profiles.id FROM user_profiles profiles WHERE profiles.client_id = uzz_current_client_id()));
--> statement-breakpoint
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE sessions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY sessions_platform ON sessions USING (uzz_is_system()) WITH CHECK (uzz_is_system());
--> statement-breakpoint
-- updated_at kept by the database too, for statements that bypass drizzle's $onUpdate.
CREATE OR REPLACE FUNCTION uzz_touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
    NEW.updated_at = now();
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION uzz_enable_touch_updated_at(target regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('DROP TRIGGER IF EXISTS touch_updated_at ON %s', target);
  EXECUTE format('CREATE TRIGGER touch_updated_at BEFORE UPDATE ON %s FOR EACH ROW EXECUTE FUNCTION uzz_touch_updated_at()', target);
END $$;
--> statement-breakpoint
DO $$
DECLARE touched_table record;
BEGIN
  FOR touched_table IN
    SELECT columns.table_name FROM information_schema.columns columns
    JOIN information_schema.tables tables USING (table_schema, table_name)
    WHERE columns.table_schema = 'public' AND columns.column_name = 'updated_at' AND tables.table_type = 'BASE TABLE'
  LOOP
    PERFORM uzz_enable_touch_updated_at(format('public.%I', touched_table.table_name)::regclass);
  END LOOP;
END $$;

// The PostgreSQL roles the runtime logs in as, granted by the owner and checked before use. Nothing
// a session can SET widens what a tenant transaction sees: tenant work runs as a role that row-level
// security applies to and that cannot become the owner or any role exempt from RLS; platform work
// runs on its own login with BYPASSRLS. A role that does not fit stops the start-up.
import type { Pool, PoolClient } from 'pg';
import { DatabaseRoleError } from './errors.js';

export type RuntimeRole = 'app' | 'system';

const SETUP_HINT = 'Run `npm run setup:postgres`, which creates uzz_app and uzz_system';

/**
 * Grants the runtime logins the tables' privileges, from the owner's connection after migrating
 * (idempotent, so tables added by later migrations are covered). Skipped when the migrating login
 * cannot grant (it neither owns the tables nor is a member of their owner): then whoever owns them
 * grants, and the checks below report what is missing.
 */
export async function grantRuntimeRoles(owner: PoolClient, logins: { variable: string; login: string }[]): Promise<void> {
  const { rows } = await owner.query<{ can_grant: boolean | null }>(
    `select bool_and(pg_has_role(current_user, tableowner, 'MEMBER')) as can_grant from pg_tables where schemaname = 'public'`,
  );
  if (!rows[0]?.can_grant) return;
  for (const { variable, login } of logins) {
    const exists = await owner.query('select 1 from pg_roles where rolname = $1', [login]);
    if (!exists.rowCount) throw new DatabaseRoleError(`PostgreSQL role "${login}" (${variable}) does not exist. ${SETUP_HINT}.`);
    const name = quoteIdentifier(login);
    await owner.query(`GRANT USAGE ON SCHEMA public TO ${name};
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${name};
      GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${name};`);
  }
}

type RoleFacts = {
  login: string;
  superuser: boolean;
  bypass: boolean;
  /** Roles owning tables in public that this login is, or may SET ROLE to. */
  owners: string | null;
  /** Other superuser or BYPASSRLS roles this login may SET ROLE to. */
  privileged: string | null;
  granted: boolean;
};

/** Throws DatabaseRoleError unless the pool's login fits its job (see the file comment). */
export async function checkRuntimeRole(pool: Pool, role: RuntimeRole, variable: string): Promise<void> {
  const { rows } = await pool.query<RoleFacts>(`
    select current_user as login, r.rolsuper as superuser, r.rolbypassrls as bypass,
      (select string_agg(distinct o.rolname, ', ') from pg_roles o
        where pg_has_role(current_user, o.oid, 'MEMBER')
          and exists (select 1 from pg_class c where c.relowner = o.oid and c.relnamespace = 'public'::regnamespace)) as owners,
      (select string_agg(o.rolname, ', ') from pg_roles o
        where o.rolname <> current_user and (o.rolsuper or o.rolbypassrls) and pg_has_role(current_user, o.oid, 'MEMBER')) as privileged,
      coalesce((select bool_and(has_table_privilege(to_regclass('public.clients'), p)) from unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE']) p), false) as granted
    from pg_roles r where r.rolname = current_user`);
  const facts = rows[0]!;
  const problem = findProblem(facts, role);
  if (problem) {
    const job =
      role === 'app'
        ? 'tenant work must run as a role that row-level security applies to'
        : 'platform work must run as a role with BYPASSRLS that owns nothing';
    throw new DatabaseRoleError(`${variable} logs in as "${facts.login}", which ${problem}; ${job}. ${SETUP_HINT}.`);
  }
}

function findProblem(facts: RoleFacts, role: RuntimeRole): string | null {
  if (facts.superuser) return 'is a superuser';
  if (facts.owners) return `owns the tables or can SET ROLE to their owner (${facts.owners})`;
  if (facts.privileged) return `can SET ROLE to ${facts.privileged}, which bypasses row-level security`;
  if (role === 'app' && facts.bypass) return 'bypasses row-level security (BYPASSRLS)';
  if (role === 'system' && !facts.bypass) return "lacks BYPASSRLS, so it would see no tenant's rows";
  if (!facts.granted) return 'has no privileges on the tables (the owner grants them when it migrates)';
  return null;
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

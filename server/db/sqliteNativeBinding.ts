// UZZ_SQLITE_NATIVE_BINDING: a better-sqlite3 build for another Node ABI than node_modules' own
// (scripts/setup-node24.sh builds one for Node 24 beside the machine's Node 20 build). Every
// `new BetterSqlite3(...)` passes this, so one install serves both runtimes.
export function sqliteNativeBinding(): string | undefined {
  return process.env.UZZ_SQLITE_NATIVE_BINDING || undefined;
}

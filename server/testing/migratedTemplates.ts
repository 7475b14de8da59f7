// Migrated databases for tests, copied from a template instead of migrated one by one. Migrating a
// fresh PostgreSQL database (every migration, its triggers, row-level security, grants) cost 1.5–2.5 s
// of the 2-core machine, and the suite opens hundreds: most of its time went there. The template is
// migrated once per migration set and copied by `CREATE DATABASE … TEMPLATE` (or a file copy for
// SQLite); opening the copy still runs the migrator, which finds nothing to apply.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { parseDatabaseUrl } from '../db/databaseUrl.js';
import { openDatabase } from '../db/openDatabase.js';
import { retryWhileInUse } from './retryWhileInUse.js';

/** Held on the admin database while a template is built, so parallel test workers build it once. */
const TEMPLATE_LOCK = 727_101;
const TEMPLATE_PREFIX = 'uzz_test_tpl_';

/**
 * What a migrated database depends on: the migrations and the code that applies them and grants
 * the runtime roles. Any change to these makes a new template; a stale one is never used.
 */
const templateInputs = ['../../migrations', '../db/migrate.ts', '../db/pgRoles.ts', '../db/openPostgres.ts'].map((relative) =>
  fileURLToPath(new URL(relative, import.meta.url)),
);

let fingerprintMemo: string | undefined;
function fingerprint(): string {
  if (fingerprintMemo) return fingerprintMemo;
  const hash = createHash('sha256');
  const add = (file: string) => {
    if (fs.statSync(file).isDirectory()) {
      for (const entry of fs.readdirSync(file).sort()) add(path.join(file, entry));
    } else {
      hash.update(file).update(fs.readFileSync(file));
    }
  };
  for (const input of templateInputs) add(input);
  fingerprintMemo = hash.digest('hex').slice(0, 16);
  return fingerprintMemo;
}

/** Creates `name` as a migrated copy of this migration set's template, building the template first if needed. */
export async function createMigratedPgDatabase(admin: pg.Client, adminUrl: string, name: string): Promise<void> {
  const template = `${TEMPLATE_PREFIX}${fingerprint()}`;
  await admin.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK]);
  try {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [template]);
    if (!rowCount) await buildPgTemplate(admin, adminUrl, template);
  } finally {
    await admin.query('select pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
  }
  await retryWhileInUse(() => admin.query(`create database ${name} template ${template}`));
}

async function buildPgTemplate(admin: pg.Client, adminUrl: string, template: string): Promise<void> {
  // Templates of earlier migration sets: nothing copies from them any more.
  const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where datname like '${TEMPLATE_PREFIX}%'`);
  for (const { datname } of rows) await admin.query(`drop database if exists ${datname}`).catch(() => undefined);
  // Built under another name and renamed when complete: a build that dies half-way is never copied.
  const building = `${template}_building`;
  await admin.query(`create database ${building}`);
  const url = new URL(adminUrl);
  url.pathname = `/${building}`;
  const db = await openDatabase(parseDatabaseUrl(url.toString(), ''));
  await db.close();
  await retryWhileInUse(() => admin.query(`alter database ${building} rename to ${template}`));
}

/** Copies this migration set's migrated SQLite file to `file`, building it first if needed. */
export async function createMigratedSqliteFile(file: string): Promise<void> {
  const template = path.join(os.tmpdir(), `uzz-test-template-${fingerprint()}.sqlite`);
  if (!fs.existsSync(template)) {
    // Built apart and renamed into place: parallel workers may both build it, and the rename is atomic.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uzz-test-template-'));
    const built = path.join(dir, 'template.sqlite');
    const db = await openDatabase({ kind: 'sqlite', file: built });
    await db.close();
    // Closing the last connection checkpoints the write-ahead log into the file and removes it.
    if (fs.existsSync(`${built}-wal`)) throw new Error(`the SQLite template kept a write-ahead log: ${built}-wal`);
    fs.renameSync(built, template);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  fs.copyFileSync(template, file);
}

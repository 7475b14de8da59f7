// Migration tests: a copy of a dialect's migrations folder whose journal stops just before one
// migration, so a database can be built as it was before it, seeded, then upgraded.
import fs from 'node:fs';
import path from 'node:path';
import { migrationsFolder } from '../db/migrate.js';

/** `tagSuffix` names the migration (its tag's end, e.g. "_report_rollups"); the copy goes under `dir`. */
export function migrationsBefore(dir: string, kind: 'sqlite' | 'pg', tagSuffix: string): string {
  const folder = path.join(dir, `migrations-${kind}`);
  fs.rmSync(folder, { recursive: true, force: true });
  fs.cpSync(migrationsFolder(kind), folder, { recursive: true });
  const journalFile = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: Array<{ tag: string }> };
  const index = journal.entries.findIndex((entry) => entry.tag.endsWith(tagSuffix));
  if (index <= 0) throw new Error(`no migration ending in ${tagSuffix} after the first one`);
  journal.entries = journal.entries.slice(0, index);
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  return folder;
}

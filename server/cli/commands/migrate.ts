// uzz migrate: brings the database to the latest migration (as every command does on opening it).
import type { CliCommand } from '../cliCommand.js';
import { withApp } from '../cliApp.js';
import { printJson } from '../output.js';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: 'apply pending database migrations and print the migration level',
  options: {},
  examples: ['DATABASE_URL=postgres://uzz_owner:uzz_owner@127.0.0.1:5432/uzz npx uzz migrate'],
  run: () =>
    withApp(async (app) => {
      printJson({ database: app.db.kind === 'pg' ? 'postgresql' : 'sqlite', ...app.db.migration });
      return 0;
    }),
};

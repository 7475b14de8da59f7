// Every command of `npx uzz`, by group (the order --help lists them in), and how argv names one.
import type { CliCommand, CliGroup } from './cliCommand.js';
import { apiKeyCommands } from './commands/apiKeys.js';
import { botCommands } from './commands/bot.js';
import { budgetCommands } from './commands/budgets.js';
import { clientCommands } from './commands/clients.js';
import { flowCommands } from './commands/flows.js';
import { migrateCommand } from './commands/migrate.js';
import { providerCommands } from './commands/providers.js';
import { userCommands } from './commands/users.js';

export const COMMAND_GROUPS: CliGroup[] = [
  { title: 'Database', commands: [migrateCommand] },
  { title: 'Clients and users', commands: [...clientCommands, ...userCommands] },
  { title: 'Model providers', commands: providerCommands },
  { title: 'API keys (for /v1)', commands: apiKeyCommands },
  { title: 'Budgets', commands: budgetCommands },
  { title: 'Bot configuration', commands: botCommands },
  { title: 'Flows', commands: flowCommands },
];

export const ALL_COMMANDS: CliCommand[] = COMMAND_GROUPS.flatMap((group) => group.commands);

/** The command the first words of argv name (longest match first), and the arguments after it. */
export function findCommand(argv: string[]): { command: CliCommand; rest: string[] } | null {
  for (const words of [2, 1]) {
    const name = argv.slice(0, words).join(' ');
    const command = ALL_COMMANDS.find((candidate) => candidate.name === name);
    if (command) return { command, rest: argv.slice(words) };
  }
  return null;
}

/** The group a first word belongs to ("client" → Clients and users), for `uzz client --help`. */
export function groupOf(word: string): CliGroup | undefined {
  return COMMAND_GROUPS.find((group) => group.commands.some((command) => command.name.split(' ')[0] === word && command.name.includes(' ')));
}

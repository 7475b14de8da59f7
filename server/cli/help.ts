// --help texts: the overview (every command, by group) and one command's usage, options, secrets
// and examples, all from the commands' declarations.
import type { CliCommand, CliGroup, CliOption } from './cliCommand.js';
import { SECRET_ENV } from './secretOptions.js';

const flag = (name: string, option: CliOption) => (option.type === 'boolean' ? `--${name}` : `--${name} ${option.value ?? '<value>'}`);

function optionLine(name: string, option: CliOption): [string, string] {
  let description = option.description + (option.required ? ' (required)' : '');
  if (option.secret) {
    const env = SECRET_ENV[name];
    description += `; secret: from ${env ? `$${env}, ` : ''}or standard input with --${name} - or --${name}-stdin (one line)`;
  }
  return [flag(name, option), description];
}

function columns(rows: Array<[string, string]>, indent = '  '): string {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `${indent}${left.padEnd(width)}  ${right}`).join('\n');
}

export function commandHelp(command: CliCommand): string {
  const required = Object.entries(command.options)
    .filter(([, option]) => option.required && !option.secret)
    .map(([name, option]) => flag(name, option));
  const rows = Object.entries(command.options).map(([name, option]) => optionLine(name, option));
  rows.push(['-h, --help', 'show this help']);
  const secrets = Object.entries(command.options).filter(([, option]) => option.secret);
  return [
    `uzz ${command.name}: ${command.summary}`,
    '',
    `Usage: npx uzz ${command.name}${required.length ? ` ${required.join(' ')}` : ''} [options]`,
    '',
    'Options:',
    columns(rows),
    ...(secrets.length
      ? [
          '',
          `Secrets (${secrets.map(([name]) => `--${name}`).join(', ')}) never need to be on the command line, where other users of the`,
          'machine can read them: set the environment variable, or read standard input (one line per secret, in the order listed above).',
        ]
      : []),
    ...(command.notes?.length ? ['', ...command.notes] : []),
    '',
    command.examples.length > 1 ? 'Examples:' : 'Example:',
    ...command.examples.map((example) => `  ${example}`),
    '',
  ].join('\n');
}

export function groupHelp(word: string, group: CliGroup): string {
  const commands = group.commands.filter((command) => command.name.split(' ')[0] === word);
  return `${group.title}:\n${columns(commands.map((command) => [`uzz ${command.name}`, command.summary]))}\n\nRun "npx uzz ${word} <command> --help" for a command's options.\n`;
}

export function overviewHelp(groups: CliGroup[]): string {
  return [
    'UZZ.AI ChatBot admin command line',
    '',
    'Usage: npx uzz <command> [options]          npx uzz <command> --help (or npx uzz help <command>) for its options',
    '',
    ...groups.map((group) => `${group.title}:\n${columns(group.commands.map((command) => [`uzz ${command.name}`, command.summary]))}\n`),
    'Configuration comes from the same environment variables as the server (DATABASE_URL, DATA_DIR, MASTER_KEY, ...).',
    `Secrets stay off the command line: ${Object.values(SECRET_ENV).join(', ')}, or "-" as the value`,
    '(or --<option>-stdin) to read it from standard input, one line per secret.',
    'Commands that act for a client take --client <slug|id>; list and show commands take --json.',
    'Exit codes: 0 done, 1 refused or failed (unknown id, conflict, not supported), 2 bad arguments or input.',
    '',
  ].join('\n');
}

// Parses a command's arguments against its declaration (node:util parseArgs, strict), resolves
// its secrets, checks the required options, then runs it.
import { parseArgs } from 'node:util';
import { CliUsageError, type CliCommand, type CliValues } from './cliCommand.js';
import { readSecrets, SecretInputError } from './secretOptions.js';

type ParseSpec = Record<string, { type: 'string' | 'boolean' }>;

export function parseCommandArgs(command: CliCommand, args: string[]): CliValues {
  const spec: ParseSpec = {};
  for (const [name, option] of Object.entries(command.options)) {
    spec[name] = { type: option.type };
    if (option.secret) spec[`${name}-stdin`] = { type: 'boolean' };
  }
  let values: CliValues;
  try {
    values = parseArgs({ args, options: spec, strict: true, allowPositionals: false }).values as CliValues;
  } catch (error) {
    // parseArgs explains at length ("To specify a positional argument…"): its first sentence is the reason.
    const reason = (error as Error).message.split('\n')[0]!.replace(/\. To specify .*$/, '').replace(/\.$/, '');
    throw new CliUsageError(`${command.name}: ${reason}`, command.name);
  }
  const secretNames = Object.entries(command.options).filter(([, option]) => option.secret).map(([name]) => name);
  if (secretNames.length) {
    try {
      Object.assign(values, readSecrets(command.name, values, secretNames));
    } catch (error) {
      if (error instanceof SecretInputError) throw new CliUsageError(error.message);
      throw error;
    }
  }
  const missing = Object.entries(command.options).filter(([name, option]) => option.required && (values[name] === undefined || values[name] === ''));
  if (missing.length) {
    throw new CliUsageError(`${command.name}: missing ${missing.map(([name, option]) => (option.secret ? `--${name} (or its environment variable)` : `--${name}`)).join(', ')}`, command.name);
  }
  return values;
}

export const wantsHelp = (args: string[]) => args.includes('--help') || args.includes('-h');

export async function runCommand(command: CliCommand, args: string[]): Promise<number> {
  return command.run(parseCommandArgs(command, args));
}

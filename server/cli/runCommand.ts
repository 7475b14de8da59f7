// Parses a command's arguments against its declaration (node:util parseArgs, strict), resolves
// its secrets, checks the required options, then runs it.
import { parseArgs } from 'node:util';
import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { CliFailure, CliUsageError, type CliCommand, type CliValues } from './cliCommand.js';
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
    const reason = (error as Error).message
      .split('\n')[0]!
      .replace(/\. .*$/, '')
      .replace(/\.$/, '');
    throw new CliUsageError(`${command.name}: ${reason}`, command.name);
  }
  const secretNames = Object.entries(command.options)
    .filter(([, option]) => option.secret)
    .map(([name]) => name);
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
    throw new CliUsageError(
      `${command.name}: missing ${missing.map(([name, option]) => (option.secret ? `--${name} (or its environment variable)` : `--${name}`)).join(', ')}`,
      command.name,
    );
  }
  return values;
}

export const wantsHelp = (args: string[]) => args.includes('--help') || args.includes('-h');

export async function runCommand(command: CliCommand, args: string[]): Promise<number> {
  const values = parseCommandArgs(command, args);
  try {
    return await command.run(values);
  } catch (error) {
    throw refusal(command.name, error);
  }
}

/**
 * What a procedure or a feature's schema refused, as one line naming the command: bad input (a
 * BAD_REQUEST, a schema's issues) is a usage error, anything else the server refused is a failure.
 */
function refusal(name: string, error: unknown): unknown {
  const issues = (zod: ZodError) => zod.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`).join('; ');
  if (error instanceof ZodError) return new CliUsageError(`${name}: ${issues(error)}`);
  if (!(error instanceof TRPCError) || error.code === 'INTERNAL_SERVER_ERROR') return error;
  const message = `${name}: ${(error.cause instanceof ZodError ? issues(error.cause) : error.message).split('\n')[0]}`;
  return error.code === 'BAD_REQUEST' ? new CliUsageError(message) : new CliFailure(message);
}

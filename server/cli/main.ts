// The admin command line: `npx uzz <command> [options]`. Every error is one line and a non-zero
// exit: 2 for bad arguments or input, 1 for a refusal or failure; --help is 0.
import { TRPCError } from '@trpc/server';
import { describeStartupError } from '../app/describeStartupError.js';
import { CliFailure, CliUsageError } from './cliCommand.js';
import { commandHelp, groupHelp, overviewHelp } from './help.js';
import { COMMAND_GROUPS, findCommand, groupOf } from './registry.js';
import { runCommand, wantsHelp } from './runCommand.js';

function help(topic: string[]): number {
  const found = findCommand(topic);
  if (found && found.rest.filter((word) => !word.startsWith('-')).length === 0) process.stdout.write(commandHelp(found.command));
  else if (topic.length === 1 && groupOf(topic[0]!)) process.stdout.write(groupHelp(topic[0]!, groupOf(topic[0]!)!));
  else throw new CliUsageError(`help: unknown command "${topic.join(' ')}"; see uzz --help`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [first] = argv;
  if (!first || first === '--help' || first === '-h' || (first === 'help' && argv.length === 1)) {
    process.stdout.write(overviewHelp(COMMAND_GROUPS));
    return 0;
  }
  if (first === 'help') return help(argv.slice(1).filter((word) => word !== '--help' && word !== '-h'));
  const found = findCommand(argv);
  if (!found) {
    const group = groupOf(first);
    if (!group)
      throw new CliUsageError(
        `unknown command "${argv
          .slice(0, 2)
          .filter((word) => !word.startsWith('-'))
          .join(' ')}"; see uzz --help`,
      );
    if (wantsHelp(argv) && (argv.length === 1 || argv[1]!.startsWith('-'))) return help([first]);
    const subcommands = group.commands.filter((command) => command.name.startsWith(`${first} `)).map((command) => command.name.split(' ')[1]);
    const given = argv[1] && !argv[1].startsWith('-') ? `unknown command "${first} ${argv[1]}"` : `${first}: give a command`;
    throw new CliUsageError(`${given} (${subcommands.join(', ')}); see uzz ${first} --help`);
  }
  if (wantsHelp(found.rest)) {
    process.stdout.write(commandHelp(found.command));
    return 0;
  }
  return runCommand(found.command, found.rest);
}

/** One line, and the exit code: what the person can fix is 2, what was refused or failed is 1. */
function describe(error: unknown): { message: string; code: number } {
  if (error instanceof CliUsageError) return { message: error.helpFor ? `${error.message}; see uzz ${error.helpFor} --help` : error.message, code: 2 };
  if (error instanceof CliFailure) return { message: error.message, code: 1 };
  if (error instanceof TRPCError) return { message: error.message.split('\n')[0]!, code: 1 };
  return { message: describeStartupError(error), code: 1 };
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const { message, code } = describe(error);
    process.stderr.write(`uzz: error: ${message}\n`);
    process.exit(code);
  },
);

// The admin command line: `npx uzz <command> [options]`. Every error is one line and a non-zero exit.
import { ZodError } from 'zod';
import { describeStartupError } from '../app/describeStartupError.js';
import { CliUsageError, COMMANDS, usage } from './commands.js';

async function main(argv: string[]): Promise<number> {
  const [first, second] = argv;
  if (!first || first === 'help' || first === '--help' || first === '-h') {
    process.stdout.write(usage());
    return 0;
  }
  const twoWords = second && !second.startsWith('-') ? `${first} ${second}` : null;
  const name = twoWords && COMMANDS[twoWords] ? twoWords : first;
  const command = COMMANDS[name];
  if (!command) throw new CliUsageError(`unknown command "${argv.slice(0, 2).join(' ')}"; run "npx uzz help"`);
  const rest = argv.slice(name.split(' ').length);
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    let message: string;
    if (error instanceof CliUsageError) message = error.message;
    else if (error instanceof ZodError) message = error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`).join('; ');
    else message = describeStartupError(error);
    process.stderr.write(`uzz: error: ${message}\n`);
    process.exit(error instanceof CliUsageError || error instanceof ZodError ? 2 : 1);
  },
);
